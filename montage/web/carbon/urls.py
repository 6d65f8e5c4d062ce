"""The carbon footprint's pages (docs/web-carbon.md); who may open them: montage.web.permissions
("carbon footprint")."""

from django.urls import path

from montage.web.carbon import views

P = "production/projects/<int:pk>/carbon/"

urlpatterns = [
    path(P, views.project_footprint, name="carbon_project"),
    path(P + "activities/new/", views.activity_form, name="carbon_activity_new"),
    path(P + "activities/import/", views.activity_import, name="carbon_activity_import"),
    path(P + "activities/<int:activity_pk>/edit/", views.activity_form,
         name="carbon_activity_edit"),
    path(P + "activities/<int:activity_pk>/cancel/", views.activity_cancel,
         name="carbon_activity_cancel"),
    path(P + "spend-factors/", views.spend_factors, name="carbon_spend_factors"),
    path(P + "posts/", views.posts, name="carbon_posts"),
    path(P + "green-plan/", views.green_plan, name="carbon_green_plan"),
    path(P + "green-plan/certificate.pdf", views.certificate, name="carbon_certificate"),
    path(P + "actions/new/", views.action_new, name="carbon_action_new"),
    path(P + "actions/<int:action_pk>/cancel/", views.action_cancel,
         name="carbon_action_cancel"),
    path(P + "report.xlsx", views.report_xlsx, name="carbon_report_xlsx"),
    path(P + "report.pdf", views.report_pdf, name="carbon_report_pdf"),
    path(P + "report/prepare.pdf", views.report_pdf_job, name="carbon_report_pdf_job"),
    path("fund/carbon/", views.fund_portfolio, name="carbon_fund_portfolio"),
]

"""Regional fund desk (docs/web-fund.md): who may open each page is in montage.web.permissions."""

from django.urls import path

from montage.web.fund import desk, portfolio, views

urlpatterns = [
    path("fund/report/", views.report, name="fund_report"),
    path("fund/report/reconciliation/", views.reconciliation, name="fund_reconciliation"),
    path("fund/report/wallimage-2024-tables.xlsx", views.report_xlsx, name="fund_report_xlsx"),
    path("fund/report/wallimage-2024-tables.pdf", views.report_pdf, name="fund_report_pdf"),
    path("fund/report/tables/<str:table_id>/", views.report_table, name="fund_report_table"),
    # the desk: calls, applications, decisions, commitments, tranches
    path("fund/calls/", desk.calls, name="fund_calls"),
    path("fund/calls/new/", desk.call_new, name="fund_call_new"),
    path("fund/calls/<int:pk>/", desk.call_detail, name="fund_call_detail"),
    path("fund/calls/<int:pk>/edit/", desk.call_edit, name="fund_call_edit"),
    path("fund/calls/<int:pk>/cancel/", desk.call_cancel, name="fund_call_cancel"),
    path("fund/calls/<int:call_pk>/applications/new/", desk.application_new,
         name="fund_application_new"),
    path("fund/applications/<int:pk>/", desk.application_detail, name="fund_application_detail"),
    path("fund/applications/<int:pk>/edit/", desk.application_edit,
         name="fund_application_edit"),
    path("fund/applications/<int:pk>/cancel/", desk.application_cancel,
         name="fund_application_cancel"),
    path("fund/applications/<int:pk>/score/", desk.application_score,
         name="fund_application_score"),
    path("fund/applications/<int:pk>/decide/", desk.application_decide,
         name="fund_application_decide"),
    path("fund/applications/<int:pk>/commit/", desk.commitment_new, name="fund_commitment_new"),
    path("fund/commitments/<int:pk>/", desk.commitment_detail, name="fund_commitment_detail"),
    path("fund/commitments/<int:pk>/spend/", desk.commitment_spend, name="fund_commitment_spend"),
    path("fund/tranches/<int:pk>/release/", desk.tranche_release, name="fund_tranche_release"),
    # cancellations and recoupments
    path("fund/commitments/<int:pk>/cancel/", portfolio.commitment_cancel,
         name="fund_commitment_cancel"),
    path("fund/commitments/<int:pk>/recoupments/new/", portfolio.recoupment_new,
         name="fund_recoupment_new"),
    path("fund/recoupments/", portfolio.recoupments, name="fund_recoupments"),
    # the enterprise fund
    path("fund/enterprise/", portfolio.enterprise_fund, name="fund_enterprise"),
    path("fund/enterprise/new/", portfolio.holding_new, name="fund_enterprise_holding_new"),
    path("fund/enterprise/<int:pk>/", portfolio.enterprise_company,
         name="fund_enterprise_company"),
    path("fund/enterprise/<int:pk>/instruments/new/", portfolio.instrument_new,
         name="fund_enterprise_instrument_new"),
    path("fund/enterprise/<int:pk>/movements/new/", portfolio.movement_new,
         name="fund_enterprise_movement_new"),
    path("fund/enterprise/instruments/<int:pk>/edit/", portfolio.instrument_edit,
         name="fund_enterprise_instrument_edit"),
    path("fund/enterprise/instruments/<int:pk>/cancel/", portfolio.instrument_cancel,
         name="fund_enterprise_instrument_cancel"),
    path("fund/enterprise/movements/<int:pk>/edit/", portfolio.movement_edit,
         name="fund_enterprise_movement_edit"),
    path("fund/enterprise/movements/<int:pk>/cancel/", portfolio.movement_cancel,
         name="fund_enterprise_movement_cancel"),
    # the film office
    path("fund/film-office/", portfolio.film_office_page, name="fund_film_office"),
    path("fund/film-office/new/", portfolio.shooting_file_new, name="fund_shooting_file_new"),
    path("fund/film-office/<int:pk>/edit/", portfolio.shooting_file_edit,
         name="fund_shooting_file_edit"),
    path("fund/film-office/<int:pk>/cancel/", portfolio.shooting_file_cancel,
         name="fund_shooting_file_cancel"),
]

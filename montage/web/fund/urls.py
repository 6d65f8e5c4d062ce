"""Regional fund desk (docs/web-fund.md): who may open each page is in montage.web.permissions."""

from django.urls import path

from montage.web.fund import views

urlpatterns = [
    path("fund/report/", views.report, name="fund_report"),
    path("fund/report/reconciliation/", views.reconciliation, name="fund_reconciliation"),
    path("fund/report/wallimage-2024-tables.xlsx", views.report_xlsx, name="fund_report_xlsx"),
    path("fund/report/wallimage-2024-tables.pdf", views.report_pdf, name="fund_report_pdf"),
    path("fund/report/tables/<str:table_id>/", views.report_table, name="fund_report_table"),
]

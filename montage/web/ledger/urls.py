"""Producer desk, the ledger (docs/web-ledger.md): suppliers, expenses, obligations, exports,
imports and the dashboard. Every URL of a project's ledger starts with
/production/projects/<project_pk>/ledger/."""

from django.urls import include, path

from montage.web.ledger import spend_report_views, views

L = "production/projects/<int:project_pk>/ledger/"

urlpatterns: list = [
    path("", include("montage.web.ledger.urls_import")),     # imports, column mappings
    path("", include("montage.web.ledger.urls_dashboard")),  # the project dashboard
    # the supplier registry (shared by producers) and the people paid on payroll
    path("production/suppliers/", views.suppliers, name="ledger_suppliers"),
    path("production/suppliers/export.xlsx", views.suppliers, {"export": "xlsx"},
         name="ledger_suppliers_xlsx"),
    path("production/suppliers/search.json", views.supplier_search,
         name="ledger_supplier_search"),
    path("production/suppliers/new/", views.supplier_new, name="ledger_supplier_new"),
    path("production/suppliers/<int:pk>/", views.supplier_detail, name="ledger_supplier"),
    path("production/suppliers/<int:pk>/edit/", views.supplier_edit, name="ledger_supplier_edit"),
    path("production/suppliers/<int:pk>/correction/", views.supplier_correct,
         name="ledger_supplier_correct"),
    path("production/suppliers/corrections/<int:pk>/", views.supplier_correction,
         name="ledger_supplier_correction"),
    path("production/suppliers/people/new/", views.person_new, name="ledger_person_new"),
    path("production/suppliers/people/<int:pk>/edit/", views.person_edit,
         name="ledger_person_edit"),
    # a project's ledger
    path(L, views.expenses, name="ledger_expenses"),
    path(L + "export.xlsx", views.expenses, {"export": "xlsx"}, name="ledger_expenses_xlsx"),
    path(L + "invoices/new/", views.invoice_new, name="ledger_invoice_new"),
    path(L + "credit-notes/new/", views.credit_note_new, name="ledger_credit_note_new"),
    path(L + "payroll/new/", views.payroll_new, name="ledger_payroll_new"),
    path(L + "expenses/<int:pk>/", views.expense_detail, name="ledger_expense"),
    path(L + "expenses/<int:pk>/edit/", views.expense_edit, name="ledger_expense_edit"),
    path(L + "expenses/<int:pk>/cancel/", views.expense_cancel, name="ledger_expense_cancel"),
    path(L + "obligations/", views.obligations, name="ledger_obligations"),
    path(L + "obligations/<int:source_pk>/tranches/<int:tranche_pk>/spend-report/",
         spend_report_views.send, name="ledger_spend_report_send"),
    path(L + "obligations/<int:source_pk>/", views.obligation, name="ledger_obligation"),
    path(L + "obligations/<int:source_pk>/export.xlsx", views.obligation_export,
         name="ledger_obligation_export"),
]

"""Production desk (docs/web-production.md): who may open each page is in
montage.web.permissions ("production desk"). The ledger area serves
/production/projects/<int:project_pk>/ledger/…"""

from django.urls import path

from montage.web.production import (application_views, budget, financing,
                                    investment_link_views, views)

P = "production/projects/<int:pk>/"

urlpatterns = [
    path("production/projects/", views.projects, name="production_projects"),
    path("production/projects/new/", views.project_new, name="production_project_new"),
    path(P, views.project_detail, name="production_project"),
    path(P + "edit/", views.project_edit, name="production_project_edit"),
    path(P + "shares/", views.project_shares, name="production_shares"),
    path(P + "credits/", views.project_credits, name="production_credits"),
    path(P + "credits/<int:credit_pk>/delete/", views.credit_delete,
         name="production_credit_delete"),
    # budget
    path(P + "accounts/", budget.accounts, name="production_accounts"),
    path(P + "accounts/<int:account_pk>/edit/", budget.account_edit,
         name="production_account_edit"),
    path(P + "accounts/<int:account_pk>/delete/", budget.account_delete,
         name="production_account_delete"),
    path(P + "fringes/", budget.fringes, name="production_fringes"),
    path(P + "budget/", budget.budget, name="production_budget"),
    path(P + "budget/v<int:number>/", budget.budget, name="production_budget_version"),
    path(P + "budget/versions/new/", budget.version_new, name="production_version_new"),
    path(P + "budget/lines/new/", budget.line_new, name="production_line_new"),
    path(P + "budget/lines/<int:line_pk>/edit/", budget.line_edit, name="production_line_edit"),
    path(P + "budget/lines/<int:line_pk>/delete/", budget.line_delete,
         name="production_line_delete"),
    path(P + "budget/lines/<int:line_pk>/cancel/", budget.line_cancel,
         name="production_line_cancel"),
    path(P + "budget/top-sheet/", budget.top_sheet, name="production_top_sheet"),
    path(P + "budget/export.xlsx", budget.budget_export, {"kind": "xlsx"},
         name="production_budget_xlsx"),
    path(P + "budget/export.pdf", budget.budget_export, {"kind": "pdf"},
         name="production_budget_pdf"),
    path(P + "cost-report/export.xlsx", budget.cost_report_export, {"kind": "xlsx"},
         name="production_cost_report_xlsx"),
    path(P + "cost-report/export.pdf", budget.cost_report_export, {"kind": "pdf"},
         name="production_cost_report_pdf"),
    path(P + "budget/import/", budget.budget_import, name="production_budget_import"),
    path(P + "orders/", budget.orders, name="production_orders"),
    path(P + "cost-report/", budget.cost_report, name="production_cost_report"),
    path(P + "cost-report/<int:account_pk>/", budget.cost_account,
         name="production_cost_account"),
    # financing plan
    path(P + "financing/", financing.financing, name="production_financing"),
    path(P + "financing/export.xlsx", financing.financing_export,
         name="production_financing_xlsx"),
    path(P + "financing/new/", financing.source_new, name="production_source_new"),
    path(P + "financing/<int:source_pk>/edit/", financing.source_edit,
         name="production_source_edit"),
    path(P + "financing/<int:source_pk>/cancel/", financing.source_cancel,
         name="production_source_cancel"),
    path(P + "financing/<int:source_pk>/delete/", financing.source_delete,
         name="production_source_delete"),
    path(P + "financing/<int:source_pk>/tranches/generate/", financing.tranches_generate,
         name="production_tranches_generate"),
    path(P + "financing/<int:source_pk>/tranches/new/", financing.tranche_new,
         name="production_tranche_new"),
    path(P + "tranches/<int:tranche_pk>/receive/", financing.tranche_receive,
         name="production_tranche_receive"),
    # applications to a fund's calls
    path(P + "apply/", application_views.apply, name="production_apply"),
    path(P + "precheck/", application_views.precheck, name="production_precheck"),
    path(P + "applications/<int:application_pk>/", application_views.application,
         name="production_application"),
    path(P + "questions/<int:question_pk>/answer/", application_views.question_answer,
         name="production_question_answer"),
    # broadcasters' investments as sources, the proof list shared from the ledger
    path(P + "investments/", investment_link_views.investment_links,
         name="production_investment_links"),
    path(P + "investments/propose/", investment_link_views.investment_link_propose,
         name="production_investment_link_propose"),
    path(P + "investments/<int:link_pk>/confirm/", investment_link_views.investment_link_confirm,
         name="production_investment_link_confirm"),
    path(P + "investments/<int:link_pk>/share/", investment_link_views.proof_list_share,
         name="production_proof_list_share"),
]

"""Recoupment (docs/web-recoupment.md): who may open each page is in montage.web.permissions."""

from django.urls import path

from montage.web.recoupment import views

P = "production/projects/<int:pk>/recoupment/"

urlpatterns = [
    path(P, views.project_page, name="recoupment_project"),
    path(P + "receipts/new/", views.receipt_new, name="recoupment_receipt_new"),
    path(P + "receipts/<int:receipt_pk>/cancel/", views.receipt_cancel,
         name="recoupment_receipt_cancel"),
    path(P + "receipts/<int:receipt_pk>/edit/", views.receipt_edit,
         name="recoupment_receipt_edit"),
    path(P + "receipts/import/", views.receipts_import, name="recoupment_receipts_import"),
    path(P + "corridors/new/", views.corridor_new, name="recoupment_corridor_new"),
    path(P + "corridors/<int:corridor_pk>/shares/new/", views.share_new,
         name="recoupment_share_new"),
    path(P + "shares/<int:share_pk>/delete/", views.share_delete,
         name="recoupment_share_delete"),
    path(P + "statements/issue/", views.statements_issue, name="recoupment_statements_issue"),
    path("recoupment/statements/", views.received, name="recoupment_received"),
    path("recoupment/statements/<int:pk>/", views.statement_page, name="recoupment_statement"),
    path("recoupment/statements/<int:pk>/statement.pdf", views.statement_pdf,
         name="recoupment_statement_pdf"),
    path("recoupment/statements/<int:pk>/statement.xlsx", views.statement_xlsx,
         name="recoupment_statement_xlsx"),
    path("recoupment/statements/<int:pk>/send/", views.statement_send,
         name="recoupment_statement_send"),
    path("recoupment/statements/<int:pk>/paid/", views.statement_paid,
         name="recoupment_statement_paid"),
]

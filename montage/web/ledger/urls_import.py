"""Ledger imports (docs/web-ledger.md, "Imports"): upload, progress, errors, column mappings."""

from django.urls import path

from montage.web.ledger import import_views as views

L = "production/projects/<int:project_pk>/ledger/imports/"

urlpatterns: list = [
    path(L, views.import_list, name="ledger_imports"),
    path(L + "<int:pk>/", views.import_detail, name="ledger_import"),
    path(L + "<int:pk>/retry/", views.import_retry, name="ledger_import_retry"),
    path(L + "<int:pk>/progress.json", views.import_progress, name="ledger_import_progress"),
    path(L + "mappings/new/", views.mapping_edit, name="ledger_mapping_new"),
    path(L + "mappings/<int:pk>/", views.mapping_edit, name="ledger_mapping_edit"),
]

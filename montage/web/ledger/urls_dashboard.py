"""The project dashboard (docs/web-ledger.md, "Dashboard")."""

from django.urls import path

from montage.web.ledger import dashboard_views

urlpatterns: list = [
    path("production/projects/<int:project_pk>/ledger/dashboard/", dashboard_views.dashboard,
         name="ledger_dashboard"),
]

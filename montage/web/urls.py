"""URL map. docs/web.md lists who may open each page."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from montage.web.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("obligations/", views.obligation_list, name="obligation_list"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("obligations/<int:pk>/committee/", views.obligation_committee,
         name="obligation_committee"),
    path("works/", views.work_list, name="work_list"),
    path("works/<int:pk>/", views.work_detail, name="work_detail"),
    path("obligations/export.xlsx", views.obligation_list, {"export": "xlsx"},
         name="obligation_list_xlsx"),
    path("works/search.json", views.work_search, name="work_search"),
    path("works/export.xlsx", views.work_list, {"export": "xlsx"}, name="work_list_xlsx"),
    path("", include("montage.web.contribution.urls")),     # step 1: editor filings, CSA decision
    path("", include("montage.web.investments.urls")),     # step 2: CCA register, smoothing, payments
    path("", include("montage.web.annexes.urls")),  # .xlsx / .pdf exports and imports
    path("", include("montage.web.parameters.urls")),  # legal parameters the CCA keeps current
    # The pages' first addresses (before the apps were named after their domain) still lead there.
    re_path(r"^step1/(?P<rest>.*)$", RedirectView.as_view(url="/contribution/%(rest)s",
                                                         permanent=True, query_string=True)),
    re_path(r"^step2/(?P<rest>.*)$", RedirectView.as_view(url="/investments/%(rest)s",
                                                         permanent=True, query_string=True)),
    path("api/", include("montage.web.api.urls")),   # JSON API and its OpenAPI description
    path("", include("montage.web.fund.urls")),      # regional fund: annual report, reconciliation
    path("", include("montage.web.production.urls")),  # producer: projects, budget, financing
    path("", include("montage.web.inbox.urls")),     # each desk's inbox
    path("", include("montage.web.recoupment.urls")),  # receipts, waterfall, statements
    path("", include("montage.web.ledger.urls")),    # producer: ledger, imports, obligations
    path("", include("montage.web.carbon.urls")),    # carbon footprint, green plan, fund portfolio
    path("", include("montage.web.jobs.urls")),      # jobs of the queue: progress, results
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

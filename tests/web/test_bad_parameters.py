"""Bad query parameters are 404 on the pages and 422 on the API, never an unhandled 500; a 500 is
logged with its traceback and never shown on the page; a fund without published figures sees its
report without the reconciliation (docs/web.md, "Bad parameters and errors")."""

import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path, reverse

from montage.web.investments.models import IndependenceAssessment
from montage.web.production.models import Project
from montage.web.registry.models import Company, Membership, Organisation

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # more than a 64-bit database integer holds
BAD_INTEGERS = ["abc", "1.5", "²", HUGE, "-99999999999999999999999"]


def _phare_project():
    return Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")


# -- pages: ?edit=, ?version=, ?year=, ?month= -------------------------------------------------

@pytest.mark.parametrize("value", BAD_INTEGERS)
def test_fringes_bad_edit_is_not_found(demo, login, value):
    url = reverse("production_fringes", args=[_phare_project().pk])
    client = login("phare")
    assert client.get(url, {"edit": value}).status_code == 404
    assert client.post(url, {"rate_id": value}).status_code == 404
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("value", BAD_INTEGERS)
def test_independence_bad_edit_is_not_found(demo, login, value):
    boreal = Company.objects.get(name="Boréal Productions")
    url = reverse("investments_independence", args=[boreal.pk])
    client = login("cca")
    assert client.get(url, {"edit": value}).status_code == 404
    assert client.post(url, {"assessment": value}).status_code == 404
    existing = IndependenceAssessment.objects.filter(company=boreal).first()
    assert client.get(url, {"edit": existing.pk}).status_code == 200


@pytest.mark.parametrize("value", BAD_INTEGERS)
def test_open_year_bad_editor_is_not_found(demo, login, value):
    response = login("tele.demo").post(reverse("contribution_open_year"),
                                       {"year": "2027", "editor": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["abc", "²", HUGE])
def test_top_sheet_bad_version_is_not_found(demo, login, value):
    url = reverse("production_top_sheet", args=[_phare_project().pk])
    client = login("phare")
    assert client.get(url, {"version": value}).status_code == 404
    assert client.get(url, {"version": "1"}).status_code == 200
    assert client.get(url, {"version": ""}).status_code == 200


@pytest.mark.parametrize("value", ["abc", HUGE, "-5", "0"])
def test_film_office_bad_year_is_not_found(demo, login, value):
    client = login("wallimage")
    assert client.get(reverse("fund_film_office"), {"year": value}).status_code == 404
    assert client.get(reverse("fund_film_office"), {"year": "2025"}).status_code == 200


@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_expense_filter_month_out_of_the_calendar_is_a_form_error(demo, login, month):
    response = login("phare").get(reverse("ledger_expenses", args=[_phare_project().pk]),
                                  {"month": month})
    assert response.status_code == 200
    assert response.context["filters"].errors["month"]


# -- API: 422 naming the parameter, in the caller's language ----------------------------------

@pytest.mark.parametrize("url, parameter", [
    ("/api/obligations?editor={v}", "editor"),
    ("/api/obligations?year={v}", "year"),
    ("/api/investments?work={v}", "work"),
    ("/api/investments?editor={v}", "editor"),
    ("/api/investments?obligation={v}", "obligation"),
    ("/api/investments?year={v}", "year"),
])
@pytest.mark.parametrize("value", [HUGE, "-1", "abc"])
def test_api_integer_query_parameter_out_of_bounds_is_422(demo, login, url, parameter, value):
    client = login("cca")
    response = client.get(url.format(v=value))
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", parameter]
    assert f"« {parameter} »" in error["msg"] and "nombre entier" in error["msg"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url.format(v=value)).json()["detail"][0]["msg"]
    assert f"“{parameter}”" in english and "whole number" in english


def test_api_integer_query_parameters_in_bounds_still_filter(demo, login):
    client = login("cca")
    assert client.get("/api/obligations?editor=999999&year=2024").json() == []
    assert client.get("/api/investments?work=999999").json() == []
    assert client.get("/api/obligations?year=2024").status_code == 200


@pytest.mark.parametrize("turnover", ["1e30", "9" * 40, "1000000000000"])
def test_api_contribution_turnover_too_large_is_422(demo, login, turnover):
    response = login("csa").get("/api/contribution", {"year": "2024", "turnover": turnover})
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "turnover"]
    assert "turnover" in error["msg"]


def test_api_contribution_still_computes(demo, login):
    response = login("csa").get("/api/contribution", {"year": "2024", "turnover": "800000.00"})
    assert response.status_code == 200


# -- the fund report of a fund without published figures ----------------------------------------

@pytest.fixture
def other_fund(demo):
    fund = Organisation.objects.create(name="Fonds Test", kind=Organisation.Kind.FUND)
    user = get_user_model().objects.create(username="fonds.test")
    Membership.objects.create(user=user, organisation=fund, role=Membership.Role.FUND_ANALYST)
    client = Client()
    client.force_login(user)
    return client


NO_PUBLISHED = "aucun chiffre publié à rapprocher"
SEE_DIFFERENCES = "Voir les différences"


def test_fund_without_published_figures_sees_its_report_without_reconciliation(other_fund):
    page = other_fund.get(reverse("fund_report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert NO_PUBLISHED in html and SEE_DIFFERENCES not in html
    reconciliation = other_fund.get(reverse("fund_reconciliation"))
    assert reconciliation.status_code == 200
    assert NO_PUBLISHED in reconciliation.content.decode()
    assert other_fund.get(reverse("fund_report_table", args=["6.1"])).status_code == 200
    assert other_fund.get(reverse("fund_report_xlsx")).status_code == 200
    pdf = other_fund.get(reverse("fund_report_pdf"))  # no investment: no pie to draw, no error
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_demo_fund_still_has_its_reconciliation(demo, login):
    page = login("wallimage").get(reverse("fund_report")).content.decode()
    assert NO_PUBLISHED not in page and SEE_DIFFERENCES in page


# -- a 500 is logged with its traceback, never shown --------------------------------------------

def _boom(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns = [path("boom/", _boom)]


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_logging_sends_request_errors_to_the_console():
    config = settings.LOGGING
    assert config["handlers"]["console"]["class"] == "logging.StreamHandler"
    request_logger = config["loggers"]["django.request"]
    assert "console" in request_logger["handlers"]
    assert logging.getLevelName(request_logger["level"]) <= logging.ERROR
    handlers = logging.getLogger("django.request").handlers or logging.getLogger("django").handlers
    assert any(isinstance(h, logging.StreamHandler) for h in handlers)


@pytest.mark.urls("tests.web.test_bad_parameters")
def test_a_500_is_logged_with_its_traceback_and_not_shown():
    records = _Records()
    logger = logging.getLogger("django.request")
    logger.addHandler(records)
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        logger.removeHandler(records)
    assert response.status_code == 500
    assert "secret detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    [record] = [r for r in records.records if r.levelno >= logging.ERROR]
    assert record.exc_info and record.exc_info[0] is RuntimeError
    text = logging.Formatter().format(record)
    assert "Traceback" in text and "secret detail of the failure" in text

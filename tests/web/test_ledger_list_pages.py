"""The ledger list at scale (docs/web.md, "Pages at 1 000 000 lines"): the page reads its
lines by ids from the nearer end of the ledger and writes its supplier select in one pass; its
figures stay those of the services and of the lines themselves."""

import re

import pytest
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.html import escape

from montage.web.ledger import buckets
from montage.web.ledger.forms import ExpenseFilter
from montage.web.ledger.models import Expense
from montage.web.production.models import Project
from montage.web.registry.models import Company


@pytest.fixture
def phare(demo):
    return Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")


def test_every_page_shows_the_lines_in_order_and_the_services_totals(login, phare):
    client = login("phare")
    url = reverse("ledger_expenses", args=[phare.pk])
    lines = list(Expense.objects.filter(project=phare).order_by("-date", "-pk"))
    assert len(lines) > 50  # at least two pages, the second read from the oldest end
    response = client.get(url)
    totals = response.context["totals"]
    assert totals == buckets.ledger_totals(phare)
    agg = Expense.objects.filter(project=phare).aggregate(n=Count("pk"), t=Sum("amount_excl_vat"))
    assert (totals["count"], totals["total"]) == (agg["n"], agg["t"])
    shown = []
    for number in range(1, response.context["page"].paginator.num_pages + 1):
        shown += list(client.get(url, {"page": number}).context["page"])
    assert [line.pk for line in shown] == [line.pk for line in lines]


def test_a_filtered_page_keeps_its_lines_and_totals(login, phare):
    client = login("phare")
    url = reverse("ledger_expenses", args=[phare.pk])
    camera = Company.objects.get(name="Caméra Meuse Location")
    rows = Expense.objects.filter(project=phare, supplier=camera).order_by("-date", "-pk")
    response = client.get(url, {"supplier": camera.pk})
    assert [line.pk for line in response.context["page"]] == [line.pk for line in rows[:50]]
    assert response.context["totals"]["count"] == rows.count()
    assert response.context["totals"]["total"] == rows.aggregate(t=Sum("amount_excl_vat"))["t"]


def test_the_supplier_select_is_django_s_with_the_suppliers_in_force(phare):
    form = ExpenseFilter({"supplier": ""}, project=phare)
    html = str(form["supplier"])
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    expected = Company.objects.filter(
        pk__in=Expense.objects.filter(project=phare).values("supplier")).order_by("name")
    assert [(value, label) for value, _, label in options] == (
        [("", "---------")] + [(str(c.pk), escape(str(c))) for c in expected])
    assert html.startswith("<select") and 'name="supplier"' in html and 'id="id_supplier"' in html
    chosen = expected[0]
    html = str(ExpenseFilter({"supplier": chosen.pk}, project=phare)["supplier"])
    assert f'<option value="{chosen.pk}" selected>' in html
    assert html.count(" selected") == 1


def test_the_credit_notes_are_read_from_their_own_index(phare):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the plan of SQLite without statistics")
    query = Expense.objects.filter(project=phare, kind=Expense.Kind.CREDIT_NOTE).order_by() \
        .values_list("pk", "amount_excl_vat")
    assert "expense_credit_notes" in query.explain()

"""Histories read as a person reads them (montage.web.registry.history): field labels, yes / no,
choice labels, dates dd/mm/yyyy, money, rates as percentages, decisions in the reader's
language; the stored values and codes stay as they were (the API returns them raw)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from montage.web.fund.models import Commitment, CommitmentShare, EnterpriseInstrument
from montage.web.ledger import buckets
from montage.web.ledger import services as ledger_services
from montage.web.ledger.models import Expense
from montage.web.production.models import BudgetLine, BudgetVersion, FinancingSource, FringeRate
from montage.web.registry import history
from montage.web.registry.audit import record_decision
from montage.web.registry.models import AuditEntry
from tests.web.factories import ledger, production, registry

pytestmark = pytest.mark.django_db


def entry(model, field: str, old: str = "", new: str = "", action: str = "changed"):
    return AuditEntry(content_type=ContentType.objects.get_for_model(model), field=field,
                      old_value=old, new_value=new, action=action, actor_label="test")


def described(model, field, old="", new="", lang="fr", action="changed") -> dict:
    with translation.override(lang):
        return history.describe(entry(model, field, old, new, action))


# -- describe, one value kind at a time ------------------------------------------------------

def test_a_boolean_reads_yes_or_no():
    shown = described(BudgetVersion, "locked", "False", "True")
    assert (shown["field_label"], shown["old"], shown["new"]) == ("verrouillée", "non", "oui")
    shown = described(BudgetVersion, "locked", "False", "True", lang="en")
    assert (shown["old"], shown["new"]) == ("no", "yes")


def test_a_choice_reads_its_label_not_its_code():
    assert described(FinancingSource, "status", "requested", "granted")["new"] == "accordé"
    assert described(FinancingSource, "status", "requested", "granted", "en")["new"] == "granted"


def test_the_field_reads_its_verbose_name():
    assert described(FinancingSource, "amount", "1", "2", "en")["field_label"] == "amount (EUR)"
    assert described(FinancingSource, "amount", "1", "2")["field_label"] != "amount"


def test_a_date_reads_day_month_year():
    assert described(FinancingSource, "spend_deadline", "", "2026-03-12")["new"] == "12/03/2026"
    assert described(FinancingSource, "spend_deadline", "", "2026-03-12", "en")["new"] \
        == "12/03/2026"


def test_money_reads_as_money_in_each_language():
    shown = described(FinancingSource, "amount", "1800.00", "1234.56")
    assert shown["old"] == "1\u202f800,00\xa0€" and shown["new"] == "1\u202f234,56\xa0€"
    assert described(FinancingSource, "amount", "1800.00", "1234.56", "en")["new"] == "€1,234.56"


@pytest.mark.parametrize("model, field, stored, fr, en", [
    (FinancingSource, "committed_ratio", "0.3500", "35\xa0%", "35%"),   # a multiple
    (FinancingSource, "committed_ratio", "1.3300", "133\xa0%", "133%"),
    (FringeRate, "rate", "0.215000", "21,5\xa0%", "21.5%"),               # a fraction
    (Expense, "vat_rate", "0.2100", "21\xa0%", "21%"),
    (CommitmentShare, "share", "35.00", "35\xa0%", "35%"),               # kept in percent
    (EnterpriseInstrument, "eif_coverage_share", "0.5000", "50\xa0%", "50%"),
])
def test_a_rate_reads_as_a_percentage(model, field, stored, fr, en):
    assert described(model, field, "", stored)["new"] == fr
    assert described(model, field, "", stored, "en")["new"] == en


def test_a_price_named_rate_and_an_exchange_rate_are_not_percentages():
    assert described(BudgetLine, "rate", "", "350.00", "en")["new"] == "€350.00"
    assert described(BudgetLine, "exchange_rate", "", "1.085000", "en")["new"] == "1.085"
    assert described(BudgetLine, "exchange_rate", "", "1.085000")["new"] == "1,085"


def test_a_decision_reads_in_the_readers_language_and_keeps_its_code():
    fr = described(Expense, "", "", "expense cancelled", action="decision")
    en = described(Expense, "", "", "expense cancelled", "en", action="decision")
    assert (fr["new"], fr["decision_label"]) == ("ligne annulée", "ligne annulée")
    assert en["new"] == "line cancelled" and fr["entry"].new_value == "expense cancelled"
    assert described(Commitment, "", "", "cancelled", action="decision")["new"] \
        == "engagement annulé"


def test_an_investment_status_decision_reads_the_status_label():
    from montage.web.investments.models import Investment

    assert described(Investment, "", "", "status:cancelled", "en", "decision")["new"] \
        == "status: cancelled"
    assert described(Investment, "", "", "status:cancelled", action="decision")["new"] \
        .startswith("statut : ")


def test_an_unknown_decision_or_field_is_shown_as_recorded():
    assert described(Expense, "", "", "some new code", action="decision")["new"] \
        == "some new code"
    assert described(Expense, "gone_field", "a", "b")["new"] == "b"


def test_every_decision_code_of_the_code_base_has_a_label():
    """A `record_decision(x, "code", …)` with a literal code: the code is in DECISIONS."""
    from pathlib import Path

    root = Path(history.__file__).resolve().parents[1]
    codes = set()
    for path in root.rglob("*.py"):
        text = path.read_text()
        codes.update(re.findall(r'record_decision\([^,]+,\s*"([^"]+)"[,)]', text))
        codes.update(re.findall(r'mark_cancelled\([^)]*?,\s*"([^"]+)"\)', text))
    assert codes - set(history.DECISIONS) == set()


def test_a_value_that_cannot_be_read_as_its_kind_is_shown_as_recorded():
    assert described(FinancingSource, "amount", "", "n/a")["new"] == "n/a"
    assert described(FinancingSource, "spend_deadline", "", "soon")["new"] == "soon"


# -- the pages -----------------------------------------------------------------------------

@pytest.fixture
def changed(client):
    """A project whose financing source, budget version and ledger line all changed."""
    project = production.project()
    manager = registry.user("history.manager", project.owner)
    source = FinancingSource.objects.create(project=project, source_type="public_aid",
                                            label="Aide CCA", amount=Decimal("1800.00"))
    source.status = FinancingSource.Status.GRANTED
    source.amount = Decimal("1234.56")
    source.committed_ratio = Decimal("0.35")
    source.spend_deadline = dt.date(2026, 3, 12)
    source.save()
    version = project.budgets.get()
    version.locked = True
    version.save()
    line = ledger.expense(project.owner, amount="500.00", project=project, work=project.work,
                          vat_rate=Decimal("0.21"))
    line.vat_rate = Decimal("0.06")
    line.save()
    buckets.rebuild_buckets(project)  # the factory writes the line alone, as an import would not
    ledger_services.cancel_expense(project, line, manager, "saisie en double")
    record_decision(line, "likely duplicate kept", "")
    client.force_login(manager)
    return project, line


def audit_section(client, url: str, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 200
    found = re.search(r'<section class="card" id="audit">.*?</section>', page.content.decode(),
                      re.S)
    assert found, url
    return found.group(0)


def assert_readable(html: str, lang: str) -> None:
    # the object's name is recorded text (its __str__ when it changed), not a value: left out
    text = re.sub(r"<[^>]+>", " ", re.sub(r"facture F-\d+ \([\d.]+\)", "", html))
    for raw in ("True", "False", "None", "granted", "requested", "invoice"):
        assert not re.search(rf"\b{raw}\b", text) or (lang == "en" and raw in (
            "granted", "requested", "invoice")), raw
    if lang == "fr":
        assert not re.search(r"\d\.\d", text), text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_financing_page_history_reads_status_money_rate_and_date(client, changed, lang):
    project, _ = changed
    html = audit_section(client, reverse("production_financing", args=[project.pk]), lang)
    assert_readable(html, lang)
    assert "12/03/2026" in html and "2026-03-12" not in html
    if lang == "fr":
        assert "1\u202f234,56\xa0€" in html and "35\xa0%" in html and "accordé" in html
    else:
        assert "€1,234.56" in html and "35%" in html and "granted" in html
        assert "0.35" not in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_budget_page_history_reads_yes_and_no(client, changed, lang):
    project, _ = changed
    html = audit_section(client, reverse("production_budget", args=[project.pk]), lang)
    assert_readable(html, lang)
    assert (">oui<" in html and ">non<" in html) if lang == "fr" else ">yes<" in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_ledger_lines_history_reads_its_rate_and_its_decisions(client, changed, lang):
    project, line = changed
    html = audit_section(client, reverse("ledger_expense", args=[project.pk, line.pk]), lang)
    assert_readable(html, lang)
    if lang == "fr":
        assert "ligne annulée" in html and "doublon probable conservé" in html
        assert "21\xa0%" in html and "6\xa0%" in html
    else:
        assert "line cancelled" in html and "likely duplicate kept" in html
        assert "expense cancelled" not in html and "21%" in html

"""The pre-check of projected compliance (docs/web-desks.md, "Pre-check"): the ledger's spend to
date plus the remaining budget, where it is planned, through the ledger's own rules; on the
pre-check page, the application (frozen in the dossier the analyst reads) and the dashboard —
the same figures everywhere.
"""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from montage.finance.expenses import Expense as FinExpense, Supplier
from montage.finance.obligations import (ScreenBrussels, ScreenBrusselsTerms, TaxShelter,
                                         TaxShelterTerms, WallimageCoproduction, WallimageTerms)
from montage.finance.projection import PlannedSpend, percent, project
from montage.money import format_money
from montage.web.ledger import buckets, engine, precheck, services as ledger_services
from montage.web.ledger.models import Expense
from montage.web.production import services
from montage.web.production.models import BudgetLine, FinancingSource, PurchaseOrder
from tests.web.factories import fund as fund_factory
from tests.web.factories import production as production_factory
from tests.web.factories import registry

TODAY = dt.date(2026, 12, 1)
SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


# -- the pure projection ---------------------------------------------------------------------

LIEGE = Supplier("Caméras Liège", postal_code="4000", audiovisual_activity=True)
BRUSSELS = Supplier("Post Bruxelles", postal_code="1060", audiovisual_activity=True)
PARIS = Supplier("Labo Paris", country="FR")
SUPPLIERS = (LIEGE, BRUSSELS, PARIS)
RULES = [
    (WallimageCoproduction(), WallimageTerms(D("100000.00"), dt.date(2026, 1, 15), D("1.5"))),
    (ScreenBrussels(), ScreenBrusselsTerms("feature_film", D("150000.00"), dt.date(2026, 1, 15))),
    (TaxShelter(), TaxShelterTerms(D("200000.00"), dt.date(2026, 1, 15))),
]

expense_lists = st.lists(st.tuples(st.integers(1, 5_000_000), st.sampled_from(SUPPLIERS),
                                   st.integers(0, 300)), max_size=8)


@settings(max_examples=40, deadline=None)
@given(expense_lists, st.sampled_from(range(len(RULES))))
def test_with_nothing_left_to_spend_the_projection_is_the_ledgers_assessment(rows, which):
    rule, terms = RULES[which]
    actual = [FinExpense(id=str(n), amount=D(cents) / 100, supplier=supplier,
                         date=dt.date(2026, 2, 1) + dt.timedelta(days=days))
              for n, (cents, supplier, days) in enumerate(rows)]
    assessed = rule.assess(terms, actual)
    # nothing planned, or only amounts of zero, or only spend planned nowhere
    for planned in ([], [PlannedSpend("line:1", "07", D(0), LIEGE)],
                    [PlannedSpend("line:2", "07", D("500.00"), None)]):
        p = project(rule, terms, actual, planned, TODAY)
        assert (p.projected.required, p.projected.counted, p.projected.missing,
                p.projected.surplus, p.projected.met) == (
            assessed.required, assessed.counted, assessed.missing, assessed.surplus,
            assessed.met)
        assert p.actual.counted == assessed.counted and p.planned_counted == 0


def test_a_worked_wallimage_projection():
    """100 000 € invested, 150 % committed: 150 000,00 € of Walloon spend required. Spent: 60 000 €
    in Liège (counted), 20 000 € in Brussels (not). Remaining, planned: 72 000 € in Liège,
    30 000 € in Paris, 8 000 € nowhere. Projected: 60 000 + 72 000 = 132 000 € = 132 %,
    18 points and 18 000,00 € short."""
    rule, terms = RULES[0]
    actual = [FinExpense("1", D("60000.00"), dt.date(2026, 2, 1), LIEGE),
              FinExpense("2", D("20000.00"), dt.date(2026, 3, 1), BRUSSELS)]
    planned = [PlannedSpend("line:1", "05", D("72000.00"), LIEGE),
               PlannedSpend("line:2", "08", D("30000.00"), PARIS),
               PlannedSpend("line:3", "09", D("8000.00"), None)]
    p = project(rule, terms, actual, planned, TODAY)
    assert p.actual.counted == D("60000.00") and p.projected.required == D("150000.00")
    assert p.projected.counted == D("132000.00") and p.planned_counted == D("72000.00")
    assert (p.planned, p.unplanned) == (D("102000.00"), D("8000.00"))
    assert percent(p.ratio) == 132 and percent(p.required_ratio) == 150
    assert p.points_short == 18 and p.short == D("18000.00") and not p.met
    steps = [line.text("fr") for line in p.explanation.steps]
    assert steps[-1].translate(SPACES) == ("Le ratio projeté finit à 132 % contre 150 % exigés : "
                                           "manque 18 points, soit 18 000,00 €")
    assert any("8 000,00 €" in s.translate(SPACES) and "aucune règle" in s for s in steps)
    # the parameters the rule used, with their sources
    names = {q.name for q in p.explanation.parameters}
    assert {"wallimage.minimum_ratio", "wallimage.investment_cap"} <= names
    assert all(q.source for q in p.explanation.parameters)


def test_a_worked_screen_brussels_projection():
    """A feature film asking 150 000 €: the format's minimum and the amount asked, the higher is
    required (parameter screen_brussels.minimum_spend). Spent in Brussels 100 000 €; planned:
    30 000 € at a Brussels post-production house, 40 000 € in Liège. Projected 130 000 €:
    short by the rest."""
    rule, terms = RULES[1]
    actual = [FinExpense("1", D("100000.00"), dt.date(2026, 2, 1), BRUSSELS)]
    planned = [PlannedSpend("line:1", "08", D("30000.00"), BRUSSELS),
               PlannedSpend("line:2", "05", D("40000.00"), LIEGE)]
    p = project(rule, terms, actual, planned, TODAY)
    required = p.projected.required
    assert required == max(D("150000.00"), p.projected.details["minimum_for_format"])
    assert p.projected.counted == D("130000.00") and p.planned_counted == D("30000.00")
    assert p.short == required - D("130000.00") and not p.met and p.ratio is None
    assert p.explanation.steps[-1].text("fr").translate(SPACES) == (
        f"Projeté : 130 000,00 € pour {format_money(required, 'fr')} exigés : manque "
        f"{format_money(p.short, 'fr')}").translate(SPACES)


def test_the_rules_dates_judge_the_planned_spend():
    """A planned Walloon supplier whose audiovisual activity is not shown counts nowhere since
    2025 (the same verdict as the ledger's), the same supplier shown audiovisual counts."""
    rule, terms = RULES[0]
    unknown = Supplier("Traiteur Namur", postal_code="5000")
    p = project(rule, terms, [], [PlannedSpend("line:1", "05", D("1000.00"), unknown),
                                  PlannedSpend("line:2", "05", D("500.00"), LIEGE)], TODAY)
    assert p.projected.counted == D("500.00")
    assert [v.reason for v in p.projected.excluded] == ["fin_wallimage_av_not_shown"]


# -- the Django service and the pages ----------------------------------------------------------

def _project(planned_postal_code="4000"):
    owner = registry.producer("Films du Pré", postal_code="4000")
    project_ = production_factory.project(owner, title="Le Pré")
    account = project_.accounts.get(code="07.01")
    liege = registry.company("Caméras de Liège", postal_code="4000", audiovisual_activity=True)
    brussels = registry.company("Post Bruxelles", postal_code="1060", city="Saint-Gilles",
                                audiovisual_activity=True)
    # budget 07.01: 150 000 € (a line planned in Liège) + 50 000 € (a line planned in Brussels)
    services.add_budget_line(project_, BudgetLine(
        account=account, description="Caméras", quantity=D(1), rate=D("150000.00"),
        planned_supplier=liege))
    services.add_budget_line(project_, BudgetLine(
        account=account, description="Étalonnage", quantity=D(1), rate=D("50000.00"),
        spend_postal_code=planned_postal_code))
    source = FinancingSource.objects.create(
        project=project_, source_type="regional_fund", label="Wallimage Coproductions",
        amount=D("100000.00"), status="contracted", contracted_on=dt.date(2026, 1, 15),
        rule="wallimage", committed_ratio=D("1.5"))
    for amount, supplier in (("60000.00", liege), ("20000.00", brussels)):
        ledger_services.save_expense(project_, Expense(
            owner=owner, project=project_, work=project_.work, account=account,
            supplier=supplier,
            date=dt.date(2026, 3, 1), number=f"F-{amount}", amount_excl_vat=D(amount)))
    return project_, source, liege, brussels


@pytest.mark.django_db
def test_remaining_budget_goes_where_it_is_planned():
    project_, source, liege, brussels = _project(planned_postal_code="1060")
    planned, incomplete = precheck.planned_spend(project_)
    # 200 000 € budgeted, 80 000 € spent: 120 000 € spread 3:1 over the two lines
    assert incomplete == [] and sum(p.amount for p in planned) == D("120000.00")
    assert sorted((p.amount, p.supplier.postal_code) for p in planned) == [
        (D("30000.00"), "1060"), (D("90000.00"), "4000")]
    # an open purchase order comes first, with its supplier
    PurchaseOrder.objects.create(project=project_, account=project_.accounts.get(code="07.01"),
                                 supplier=brussels, number="BC-1", date=dt.date(2026, 4, 1),
                                 amount=D("40000.00"))
    planned, _ = precheck.planned_spend(project_)
    assert sum(p.amount for p in planned) == D("120000.00")
    assert [(p.key.split(":")[0], p.amount) for p in planned][0] == ("order", D("40000.00"))
    assert sorted(p.amount for p in planned if p.key.startswith("line")) == [
        D("20000.00"), D("60000.00")]


@pytest.mark.django_db
def test_the_actual_part_is_the_dashboards_assessment():
    project_, source, _, _ = _project()
    result = precheck.precheck(project_, TODAY)
    (row,) = result.rows
    sources = list(engine.obligation_sources(project_))
    (status,) = engine.statuses(project_, TODAY, sources=sources,
                                expenses=buckets.bucket_expenses(project_, sources))
    assert row.projection.actual.counted == status.status.counted == D("60000.00")
    assert row.projection.actual.required == status.status.required
    # 60 000 + 90 000 (the Liège supplier's line) = 150 000 € = 150 %; the 30 000 € planned
    # only in 4000 Liège do not count: no supplier, so no audiovisual activity shown (2025)
    assert row.projection.projected.counted == D("150000.00") and row.projection.met
    assert "fin_wallimage_av_not_shown" in {v.reason for v in row.projection.projected.excluded}


@pytest.mark.django_db
def test_the_precheck_page_and_the_dashboard_show_the_same_projection(client):
    project_, source, _, _ = _project(planned_postal_code="1060")
    user = registry.user("pre", project_.owner)
    client.force_login(user)
    page = client.get(reverse("production_precheck", args=[project_.pk]))
    dashboard = client.get(reverse("ledger_dashboard", args=[project_.pk]))
    assert page.status_code == dashboard.status_code == 200
    # 60 000 + 90 000 = 150 000 € of 150 000 €: 150 % against 150 %
    result = precheck.precheck(project_, TODAY)
    p = result.rows[0].projection
    assert percent(p.ratio) == 150 and p.met
    text = page.content.decode().translate(SPACES)
    assert format_money(p.projected.counted, "fr").translate(SPACES) in text
    assert "Le ratio projeté finit à 150 % contre 150 % exigés : atteint" in text
    sentence = re.search(r'id="projected-\d+">(.*?)</p>', dashboard.content.decode(),
                         flags=re.S).group(1).translate(SPACES)
    assert "Au rythme actuel des dépenses, le ratio Wallimage finit à 150 % contre 150 % " \
           "engagés" in sentence
    assert reverse("production_precheck", args=[project_.pk]) in sentence
    # one more Brussels invoice changes nothing; a Liège one on the same account does neither
    # (it is budget already) — but cutting the Liège line's budget shows at once on both
    line = BudgetLine.objects.get(description="Caméras")
    line.rate = D("100000.00")
    services.save_budget_line(line)
    page = client.get(reverse("production_precheck", args=[project_.pk])).content.decode()
    dashboard = client.get(reverse("ledger_dashboard", args=[project_.pk])).content.decode()
    # 150 000 − 80 000 = 70 000 € left, 2:1: 46 666,67 € Liège; 60 000 + 46 666,67 = 106 666,67 €
    assert "106 666,67 €" in page.translate(SPACES)
    assert "finit à 106 % contre 150 % engagés" in dashboard.translate(SPACES)
    assert "44 points" in dashboard and "43 333,33 €" in dashboard.translate(SPACES)


@pytest.mark.django_db
def test_an_application_is_prechecked_and_the_analyst_reads_it_frozen(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from montage.web.production import applying

    project_, source, _, _ = _project()
    source.delete()  # the project applies to the fund: no Wallimage source yet
    fund = registry.organisation("fund", "Fonds d'essai")
    call = fund_factory.call(fund, kind="copro_live", title="Session d'essai",
                             line_name="Coproductions", envelope="1000000.00",
                             required_documents="Scénario", opens_on=dt.date(2026, 11, 1),
                             closes_on=dt.date(2026, 12, 20))
    user = registry.user("pre", project_.owner)
    client.force_login(user)
    query = {"call": call.pk, "amount_requested": "100.000", "walloon_spend_committed": "250.000"}
    page = client.get(reverse("production_precheck", args=[project_.pk]), query)
    text = page.content.decode().translate(SPACES)
    # 250 000 € committed for 100 000 €: 60 000 + 90 000 = 150 %
    assert page.status_code == 200
    assert "Le ratio projeté finit à 150 % contre 250 % exigés : manque 100 points" in text
    assert 'id="precheck-warning"' in text and "Session d" in text
    # an amount that reads two ways is refused, with both readings, at the top
    refused = client.get(reverse("production_precheck", args=[project_.pk]),
                         {**query, "amount_requested": "1.234"})
    assert refused.status_code == 400 and 'id="error-summary"' in refused.content.decode()
    # the apply page offers the pre-check with the amounts
    apply_page = client.get(reverse("production_apply", args=[project_.pk]), {"call": call.pk})
    assert 'id="precheck-form"' in apply_page.content.decode()
    # the pre-check's fields and the application's share names, never an id (a label or an
    # error's link would reach the other form's field)
    ids = re.findall(r'\bid="([^"]+)"', apply_page.content.decode())
    assert "id_amount_requested" in ids and "precheck_amount_requested" in ids
    assert sorted(ids) == sorted(set(ids))
    # submitted: it warns, it does not block; the dossier keeps the pre-check as seen
    application = applying.apply(project_, call, D("100000.00"), D("250000.00"), None,
                                 {"Scénario": SimpleUploadedFile("s.pdf", b"%PDF-1.4")}, user,
                                 TODAY)
    kept = application.dossier["precheck"]
    (row,) = kept["rows"]
    assert (row["required"], row["projected"], row["ratio"], row["met"]) == (
        "250000.00", "150000.00", 150, False)
    analyst = registry.user("analyste", fund, "fund_analyst")
    client.force_login(analyst)
    detail = client.get(reverse("fund_application_detail", args=[application.pk]))
    assert detail.status_code == 200
    assert "Le ratio projeté finit à 150 % contre 250 % exigés" in \
        detail.content.decode().translate(SPACES)


@pytest.mark.django_db
def test_the_budget_line_form_takes_a_planned_supplier_or_a_place_located_like_a_seat():
    from montage.web.production.forms import BudgetLineForm

    project_, _, liege, _ = _project()
    account = project_.accounts.get(code="07.01")
    base = {"account": account.pk, "description": "Machinerie", "quantity": "1",
            "rate": "10.000,00", "currency": "EUR"}
    assert BudgetLineForm({**base, "spend_postal_code": "4000"}, project=project_).is_valid()
    assert BudgetLineForm({**base, "planned_supplier": liege.pk}, project=project_).is_valid()
    unknown = BudgetLineForm({**base, "spend_postal_code": "9999"}, project=project_)
    assert not unknown.is_valid() and "spend_postal_code" in unknown.errors
    abroad = BudgetLineForm({**base, "spend_postal_code": "75011", "spend_country": "fr"},
                            project=project_)
    assert abroad.is_valid() and abroad.cleaned_data["spend_country"] == "FR"
    # a new version keeps where each line is planned
    version = services.new_version(project_)
    assert {(line.planned_supplier_id, line.spend_postal_code) for line in version.lines.all()} \
        == {(liege.pk, ""), (None, "4000")}


@pytest.mark.django_db
def test_the_budget_page_says_where_each_line_is_planned(client):
    project_, _, _, _ = _project()
    client.force_login(registry.user("pre", project_.owner))
    text = client.get(reverse("production_budget", args=[project_.pk])).content.decode()
    assert "prévu chez Caméras de Liège" in text and "prévu à 4000" in text

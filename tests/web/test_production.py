"""The production desk (docs/web-production.md): projects, budget, cost report, financing."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from montage.errors import InputError
from montage.finance import chart
from montage.finance.obligations import default_parameters
from montage.web.ledger.models import Expense
from montage.web.production.models import BudgetLine, BudgetVersion, FinancingSource, Project
from montage.web.registry.models import AuditEntry, Work
from montage.web.production import fund_link, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def phare(demo):
    return Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")


def url(name, *args):
    return reverse(name, args=args)


# -- pure helpers ---------------------------------------------------------------------------

def test_default_chart_has_the_devis_chapters():
    accounts = chart.default_chart()
    chapters = [a for a in accounts if a.parent_code is None]
    assert [a.code for a in chapters] == [f"{n:02d}" for n in range(1, 13)]
    assert chapters[9].cost_type == "overhead" and chapters[11].cost_type == "producer_fee"
    assert all(a.post_production for a in accounts if a.code.startswith("08"))
    assert all(len([c for c in accounts if c.parent_code == ch.code]) >= 1 for ch in chapters)


def test_line_amount_needs_rate_and_date_outside_euro():
    assert chart.line_amount(D("3"), D("100.10")) == D("300.30")
    assert chart.line_amount(D("2"), D("10"), "USD", D("0.92"), dt.date(2025, 1, 1)) == D("18.40")
    with pytest.raises(InputError, match="exchange rate"):
        chart.line_amount(D("1"), D("10"), "USD")
    with pytest.raises(InputError, match="date"):
        chart.line_amount(D("1"), D("10"), "USD", D("0.9"))


def test_position_and_share_bounds():
    shares = {"BE": D("0.7"), "FR": D("0.3")}
    assert chart.coproduction_position(shares, "BE") == "majority"
    assert chart.coproduction_position(shares, "FR") == "minority"
    assert chart.coproduction_position({"BE": D("1")}, "BE") == "sole"
    assert chart.coproduction_position({"BE": D("0.5"), "FR": D("0.5")}, "BE") == "minority"
    assert chart.share_bound_issues(D("0.3"), D("0.2"), D("0.49")) == []
    assert chart.share_bound_issues(D("0.1"), D("0.2"), None) == [("min", D("0.2"))]
    assert chart.share_bound_issues(D("0.7"), None, D("0.49")) == [("max", D("0.49"))]
    assert chart.share_bound_issues(None, D("0.2"), None) == [("min", D("0.2"))]


# -- demo and services --------------------------------------------------------------------

def test_demo_project_le_phare(phare):
    assert phare.work.work_type == Work.Type.FEATURE
    assert {s.country: s.share for s in phare.shares.all()} == {"BE": D("0.7"), "FR": D("0.3")}
    versions = list(phare.budgets.order_by("number"))
    assert [(v.number, v.locked, v.is_current) for v in versions] == [(1, True, False),
                                                                      (2, False, True)]
    assert set(phare.sources.values_list("rule", flat=True)) >= {
        "wallimage", "spillover", "screen_brussels", "tax_shelter", ""}
    assert phare.sources.filter(in_kind=True).exists()
    assert Project.objects.filter(work__title="Nuit Blanche").exists()


def test_demo_is_idempotent(phare):
    from montage.web.demo import load_demo
    counts = (Project.objects.count(), BudgetLine.objects.count(),
              FinancingSource.objects.count())
    load_demo()
    assert counts == (Project.objects.count(), BudgetLine.objects.count(),
                      FinancingSource.objects.count())


def test_fringes_from_project_rates(phare):
    version = services.current_version(phare)
    figures = services.budget_figures(version)
    row = next(r for r in figures.lines if r.line.account.code == "02.01")
    assert row.amount == D("42000.00") and row.fringe == D("11340.00")  # 27 % of 42 000
    assert figures.total.complete


def test_line_without_rate_makes_totals_incomplete(phare, login):
    version = services.current_version(phare)
    account = phare.accounts.get(code="03.03")
    BudgetLine.objects.create(version=version, account=account, description="Cascadeurs",
                              quantity=D("5"), rate=D("800"), fringe_code="stunt")
    figures = services.budget_figures(version)
    assert not figures.total.complete and figures.missing_codes == ["stunt"]
    assert figures.total.value == figures.amount.value + figures.fringes.value
    page = login("phare").get(url("production_budget", phare.pk)).content.decode()
    assert "stunt" in page and "incomplet" in page
    report = services.cost_report(phare).report
    assert not report.totals["current"].complete
    assert not report.totals["variance"].complete
    page = login("phare").get(url("production_cost_report", phare.pk)).content.decode()
    assert 'id="cost-incomplete"' in page
    top = login("phare").get(url("production_top_sheet", phare.pk)).content.decode()
    assert "incomplet" in top


def test_new_version_copies_current_and_locks_earlier(phare, login):
    client = login("phare")
    before = services.current_version(phare)
    count = before.lines.count()
    assert client.post(url("production_version_new", phare.pk), {"label": "v3"}).status_code == 302
    after = services.current_version(phare)
    assert after.number == 3 and after.lines.count() == count
    assert BudgetVersion.objects.get(pk=before.pk).locked
    # a locked version refuses changes
    line = before.lines.first()
    response = client.post(url("production_line_edit", phare.pk, line.pk), {})
    assert response.status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).quantity == line.quantity
    client.post(url("production_line_delete", phare.pk, line.pk))
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_baseline_locked_as_soon_as_version_two_exists(demo, login):
    client = login("phare")
    response = client.post(url("production_project_new"), {
        "owner": Project.objects.get(work__title="Le Phare").owner_id, "title": "Marée basse",
        "work_type": "short", "genre": "fiction", "initiative": "belgium",
        "status": "development", "position": "sole", "format": "1 × 20 min"})
    assert response.status_code == 302
    project = Project.objects.get(work__title="Marée basse")
    assert project.accounts.filter(parent__isnull=True).count() == 12
    baseline = project.budgets.get()
    assert baseline.number == 1 and not baseline.locked and baseline.is_current
    response = client.post(url("production_line_new", project.pk), {
        "account": project.accounts.get(code="02.01").pk, "description": "Réalisatrice",
        "quantity": "4", "unit": "semaine", "rate": "2 500,00", "currency": "EUR",
        "fringe_code": ""})
    assert response.status_code == 302
    assert baseline.lines.get().rate == D("2500.00")
    client.post(url("production_version_new", project.pk))
    baseline.refresh_from_db()
    assert baseline.locked and not baseline.is_current


def test_foreign_line_needs_rate_and_date(phare, login):
    client = login("phare")
    data = {"account": phare.accounts.get(code="01.04").pk, "description": "Musique",
            "quantity": "1", "unit": "", "rate": "1000", "currency": "USD", "fringe_code": ""}
    response = client.post(url("production_line_new", phare.pk), data)
    assert response.status_code == 200
    assert "never guessed" in response.content.decode() or "jamais devinés" in \
        response.content.decode()
    data.update(exchange_rate="0,92", exchange_rate_date="2025-01-15")
    assert client.post(url("production_line_new", phare.pk), data).status_code == 302


def test_accounts_rename_and_refuse_delete_when_used(phare, login):
    client = login("phare")
    account = phare.accounts.get(code="07.01")
    client.post(url("production_account_edit", phare.pk, account.pk),
                {"label": "Caméra", "cost_type": "direct"})
    account.refresh_from_db()
    assert account.label == "Caméra"
    client.post(url("production_account_delete", phare.pk, account.pk))
    assert phare.accounts.filter(pk=account.pk).exists()
    client.post(url("production_accounts", phare.pk), {
        "code": "07.09", "label": "Drone", "parent": phare.accounts.get(code="07").pk,
        "cost_type": "direct"})
    new = phare.accounts.get(code="07.09")
    client.post(url("production_account_delete", phare.pk, new.pk))
    assert not phare.accounts.filter(code="07.09").exists()
    response = client.post(url("production_accounts", phare.pk), {
        "code": "08.99", "label": "x", "parent": phare.accounts.get(code="07").pk,
        "cost_type": "direct"})
    assert response.status_code == 200 and not phare.accounts.filter(code="08.99").exists()


def test_cost_report_figures_and_drill_down(phare, login):
    from montage.web.production.models import PurchaseOrder
    from montage.web.registry.models import Company
    work = Work.objects.create(title="Essai", work_type="short", initiative="belgium")
    project = Project.objects.create(owner=phare.owner, work=work)
    services.set_up_project(project)
    account = project.accounts.get(code="07.01")
    BudgetLine.objects.create(version=services.current_version(project), account=account,
                              description="Caméra", quantity=D("1"), rate=D("76000"))
    services.new_version(project)
    line = services.current_version(project).lines.get()
    line.rate = D("82000")
    line.save()
    supplier = Company.objects.get(name="Lumière Liège Location")
    order = PurchaseOrder.objects.create(project=project, account=account, supplier=supplier,
                                         number="BC-1", date=dt.date(2025, 2, 1),
                                         amount=D("76000.00"))
    common = dict(owner=phare.owner, project=project, work=work, account=account,
                  supplier=supplier)
    Expense.objects.create(purchase_order=order, number="LLL-1", date=dt.date(2025, 3, 31),
                           amount_excl_vat=D("30000.00"), paid_on=dt.date(2025, 4, 15), **common)
    Expense.objects.create(number="LLL-2", date=dt.date(2025, 4, 30),
                           amount_excl_vat=D("20000.00"), **common)
    Expense.objects.create(owner=phare.owner, project=project, work=work, supplier=supplier,
                           number="LLL-3", date=dt.date(2025, 4, 30), amount_excl_vat=D("5.00"))
    report = services.cost_report(project).report
    row = next(r for r in report.rows if r.code == "07.01")
    f = {k: v.value for k, v in row.figures.items()}
    assert f["baseline"] == D("76000.00") and f["current"] == D("82000.00")
    assert f["committed"] == D("46000.00")  # 76 000 ordered − 30 000 invoiced on the order
    assert f["actual"] == D("50000.00") and f["paid"] == D("30000.00")
    assert f["estimate_to_complete"] == D("46000.00")  # max(82 000 − 50 000, 46 000)
    assert f["estimated_final_cost"] == D("96000.00") and f["variance"] == D("-14000.00")
    assert report.totals["actual"].value == D("50005.00")  # the unbooked expense is kept
    page = login("phare").get(url("production_cost_account", project.pk, account.pk))
    assert "LLL-1" in page.content.decode() and "LLL-2" in page.content.decode()
    page = login("phare").get(url("production_cost_report", project.pk)).content.decode()
    assert "07.01" in page


# -- import ---------------------------------------------------------------------------------

CSV_GOOD = ("account;description;quantity;unit;rate;currency;exchange_rate;exchange_rate_date;"
            "fringe_code\n02.01;Réalisatrice;12;semaine;3 500,00;EUR;;;salarié\n"
            "01.04;Musique;1;forfait;12 000;USD;0,92;15/01/2025;\n")


def test_import_csv_into_new_version(phare, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    client = login("phare")
    response = client.post(url("production_budget_import", phare.pk), {
        "file": SimpleUploadedFile("budget.csv", CSV_GOOD.encode())})
    assert response.status_code == 302
    version = services.current_version(phare)
    assert version.number == 3 and version.lines.count() == 2
    music = version.lines.get(account__code="01.04")
    assert music.exchange_rate == D("0.92") and music.exchange_rate_date == dt.date(2025, 1, 15)
    assert services.budget_figures(version).amount.value == D("42000.00") + D("11040.00")


def test_import_xlsx(phare):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(list(services.IMPORT_COLUMNS))
    sheet.append(["05.01", "Décor", 1, "forfait", 1500.5, "EUR", None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    version = services.import_budget(phare, "budget.xlsx", buffer.getvalue())
    assert version.lines.get().rate == D("1500.5")


def test_import_rejected_names_file_row_column(phare, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    bad = ("account,description,quantity,unit,rate,currency,exchange_rate,exchange_rate_date,"
           "fringe_code\n02.01,Ok,1,jour,100,EUR,,,\n99.99,Bad account,1,jour,100,EUR,,,\n"
           "02.01,Bad rate,1,jour,cent,EUR,,,\n02.01,No fx,1,jour,100,USD,,,\n")
    count = BudgetLine.objects.count()
    # the worker reads the file (the budget import is a job): its page names every error
    response = login("phare").post(url("production_budget_import", phare.pk), {
        "file": SimpleUploadedFile("devis.csv", bad.encode())}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert "devis.csv:3: account: attendu le code d&#x27;un compte du plan de ce projet, " \
        "reçu « 99.99 »" in page
    assert "devis.csv:4: rate: attendu" in page
    assert "devis.csv:5: exchange_rate: attendu" in page
    assert "devis.csv:5: exchange_rate_date: attendu" in page
    assert BudgetLine.objects.count() == count and services.current_version(phare).number == 2
    # the plural agrees with the count
    with pytest.raises(InputError, match=r"x.csv:1: colonnes manquantes : quantity, rate"):
        services.parse_budget_file(phare, "x.csv", b"account,description\n01.01,a\n")
    with pytest.raises(InputError, match=r"x.csv:1: colonne manquante : rate"):
        services.parse_budget_file(phare, "x.csv", b"account,description,quantity\n01.01,a,1\n")
    with pytest.raises(InputError, match=r"x.csv:1: colonne inconnue colour ;"):
        services.parse_budget_file(phare, "x.csv", b"account,description,quantity,rate,colour\n")
    with pytest.raises(InputError, match=r"x.pdf: attendu un fichier .csv ou .xlsx"):
        services.parse_budget_file(phare, "x.pdf", b"%PDF")


# -- financing ------------------------------------------------------------------------------

def test_financing_gap_and_share_bounds(phare, login):
    plan = services.financing_plan(phare)
    budget = services.budget_figures(services.current_version(phare)).total.value
    assert plan.gap.value == budget - plan.total and plan.gap.value > 0
    in_kind = phare.sources.get(in_kind=True)
    assert plan.in_kind == in_kind.amount
    assert all(not row.share_issues for row in plan.rows)
    french = phare.sources.get(source_type="coproducer")
    french.min_share = D("0.40")
    french.save()
    plan = services.financing_plan(phare)
    row = next(r for r in plan.rows if r.source.pk == french.pk)
    assert row.country == "FR" and row.share_issues == [("min", D("0.40"))]
    page = login("phare").get(url("production_financing", phare.pk)).content.decode()
    assert "share-issue" in page and "FR" in page
    # a refused source is not counted
    french.status = "refused"
    french.save()
    assert services.financing_plan(phare).total == plan.total - french.amount


def test_source_form_status_dates_currency_and_audit(phare, login):
    client = login("phare")
    data = {"source_type": "coproducer", "label": "Coproducteur suisse", "currency": "CHF",
            "amount_in_currency": "100 000", "status": "granted", "rule": ""}
    response = client.post(url("production_source_new", phare.pk), data)
    assert response.status_code == 200 and not phare.sources.filter(label=data["label"])
    data.update(exchange_rate="1,05", exchange_rate_date="2025-03-01", granted_on="2025-03-02")
    response = client.post(url("production_source_new", phare.pk), data)
    assert response.status_code == 302
    source = phare.sources.get(label="Coproducteur suisse")
    assert source.amount == D("105000.00")
    data.update(status="contracted", contracted_on="2025-04-01")
    client.post(url("production_source_edit", phare.pk, source.pk), data)
    assert AuditEntry.objects.filter(object_id=str(source.pk), field="status",
                                     new_value="contracted").exists()


def test_wallimage_tranches_from_parameter(phare, login):
    # Le Phare's Wallimage source is the fund's commitment: its schedule is the fund's
    # (tests/web/test_desks_fund_link.py); Nuit Blanche's is the producer's own
    phare_source = phare.sources.get(rule="wallimage")
    schedule = default_parameters().get("wallimage.tranche_schedule",
                                        phare_source.contracted_on).value
    fund_schedule = fund_link.tranches_of(phare_source)
    assert len(fund_schedule) == len(schedule) and not phare_source.tranches.exists()
    assert sum(t.amount for t in fund_schedule) == phare_source.amount
    assert fund_schedule[0].received_on is not None
    client = login("phare")
    client.post(url("production_tranches_generate", phare.pk, phare_source.pk))
    assert not phare_source.tranches.exists()
    source = Project.objects.get(work__title="Nuit Blanche").sources.get(rule="wallimage")
    tranches = list(source.tranches.order_by("number"))
    assert len(tranches) == len(schedule)
    assert sum(t.amount for t in tranches) == source.amount
    assert tranches[0].amount == source.amount * D(schedule[0]["share"])
    required = source.amount * max(source.committed_ratio, D("1.5"))
    assert tranches[-1].spend_to_prove == required * D(schedule[-1]["spend_share"])
    # on a source without receipts: generated again, same amounts
    nuit = Project.objects.get(work__title="Nuit Blanche").sources.get(rule="wallimage")
    client.post(url("production_tranches_generate", nuit.project_id, nuit.pk))
    assert nuit.tranches.count() == len(schedule)
    tranche = nuit.tranches.get(number=2)
    client.post(url("production_tranche_receive", nuit.project_id, tranche.pk),
                {"received_on": "2025-06-01"})
    tranche.refresh_from_db()
    assert tranche.received_on == dt.date(2025, 6, 1)


def test_other_source_tranche_by_hand(phare, login):
    source = phare.sources.get(source_type="public_aid")
    client = login("phare")
    response = client.post(url("production_tranche_new", phare.pk, source.pk),
                           {"number": "1", "amount": "250 000", "due_on": "2025-03-01"})
    assert response.status_code == 302 and source.tranches.get().amount == D("250000")
    response = client.post(url("production_tranches_generate", phare.pk, source.pk))
    assert source.tranches.count() == 1


def test_shares_must_add_up_to_100(phare, login):
    client = login("phare")
    shares = list(phare.shares.order_by("-share"))
    data = {"share-TOTAL_FORMS": "4", "share-INITIAL_FORMS": "2", "share-MIN_NUM_FORMS": "0",
            "share-MAX_NUM_FORMS": "1000"}
    for i, share in enumerate(shares):
        data.update({f"share-{i}-id": share.pk, f"share-{i}-country": share.country,
                     f"share-{i}-share_percent": "60" if i == 0 else "30"})
    response = client.post(url("production_shares", phare.pk), data)
    assert response.status_code == 200 and "100" in response.content.decode()
    data["share-0-share_percent"] = "70"
    data.update({"share-2-country": "LU", "share-2-share_percent": "0"})
    data["share-0-share_percent"] = "70"
    assert client.post(url("production_shares", phare.pk), data).status_code == 302
    assert sorted(phare.shares.values_list("country", flat=True)) == ["BE", "FR", "LU"]


def test_credits(phare, login):
    client = login("phare")
    client.post(url("production_credits", phare.pk), {"role": "director", "first_name": "Ana",
                                                      "last_name": "Lopes"})
    credit = phare.work.credits.get(person__last_name="Lopes")
    assert "Lopes" in client.get(url("production_project", phare.pk)).content.decode()
    client.post(url("production_credit_delete", phare.pk, credit.pk))
    assert not phare.work.credits.filter(person__last_name="Lopes").exists()


def test_fringe_rate_needs_source(phare, login):
    client = login("phare")
    response = client.post(url("production_fringes", phare.pk),
                           {"code": "stunt", "rate_percent": "30", "source": ""})
    assert response.status_code == 200 and not phare.fringe_rates.filter(code="stunt")
    client.post(url("production_fringes", phare.pk),
                {"code": "stunt", "rate_percent": "30", "source": "secrétariat social"})
    assert phare.fringe_rates.get(code="stunt").rate == D("0.3")


# -- permissions ----------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["admin", "ardenne", "tele.demo", "cca", "wallimage"])
def test_only_the_owner_writes(phare, login, username):
    client = login(username)
    nuit = Project.objects.get(work__title="Nuit Blanche")
    version = services.current_version(phare)
    posts = [url("production_version_new", phare.pk),
             url("production_account_delete", phare.pk, phare.accounts.get(code="11.01").pk),
             url("production_line_delete", phare.pk, version.lines.first().pk),
             url("production_tranches_generate", phare.pk,
                 phare.sources.get(rule="wallimage").pk),
             url("production_tranche_receive", phare.pk,
                 nuit.sources.get(rule="wallimage").tranches.get(number=2).pk),
             url("production_credit_delete", phare.pk, phare.work.credits.first().pk),
             url("production_fringes", phare.pk), url("production_accounts", phare.pk),
             url("production_orders", phare.pk)]
    for target in posts:
        assert client.post(target, {"received_on": "2025-01-01"}).status_code == 403, target
    assert services.current_version(phare).number == 2


def test_missing_project_is_404(demo, login):
    assert login("phare").get(url("production_project", 999999)).status_code == 404
    assert login("admin").get(url("production_budget", 999999)).status_code == 404


def test_producer_sees_only_own_projects(demo, login):
    page = login("ardenne").get(url("production_projects")).content.decode()
    assert "Le Phare" not in page
    page = login("phare").get(url("production_projects")).content.decode()
    assert "Le Phare" in page and "Nuit Blanche" in page
    assert "Le Phare" in login("admin").get(url("production_projects")).content.decode()


def test_nav_link_for_producers(demo, login):
    assert "/production/projects/" in login("phare").get("/").content.decode()
    assert "/production/projects/" not in login("tele.demo").get("/").content.decode()


def test_pages_render_in_english_and_french(phare, login):
    client = login("phare")
    for name in ("production_project", "production_budget", "production_top_sheet",
                 "production_cost_report", "production_financing", "production_fringes",
                 "production_accounts", "production_orders"):
        assert client.get(url(name, phare.pk)).status_code == 200
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.get(url("production_financing", phare.pk)).content.decode()
    assert "Financing plan" in page


@pytest.mark.parametrize("header", [
    "Compte;Libellé;Quantité;Unité;Prix unitaire;Devise",
    "Rekening;Omschrijving;Aantal;Eenheid;Eenheidsprijs;Valuta",
    "account;description;quantity;unit;rate;currency"])
def test_a_budget_reads_french_and_dutch_headers(phare, header):
    account = phare.accounts.order_by("code").first().code
    data = f"{header}\n{account};Caméra;2;jour;1.234,50;EUR\n;;;;;\n".encode()
    [line] = services.parse_budget_file(phare, "devis.csv", data)
    assert (line.account.code, line.quantity, line.rate) == (account, 2, D("1234.50"))

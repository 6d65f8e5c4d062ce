"""The producer's ledger (docs/web-ledger.md): suppliers and territory, invoices and payroll
lines, what each expense counts for, the obligation pages, the proof exports, the demo."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from montage.web.ledger.models import Expense
from montage.web.production.models import FinancingSource, Project
from montage.web.registry.models import AuditEntry, Company, Person
from montage.web.core.templatetags.montage import money
from montage.web.annexes.sheets import read_money
from montage.web.ledger import exports

pytestmark = pytest.mark.django_db


def fr_money(value) -> str:
    with translation.override("fr"):
        return money(Decimal(value))


@pytest.fixture
def phare(demo):
    return Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")


@pytest.fixture
def nuit(demo):
    return Project.objects.get(work__title="Nuit Blanche", owner__name="Les Films du Phare")


def source(project, rule):
    return FinancingSource.objects.get(project=project, rule=rule)


def walloon_supplier(**extra):
    values = dict(name="Loc Ciné Charleroi", enterprise_number="0403.170.701",
                  registered_postal_code="6000", registered_city="Charleroi",
                  audiovisual_activity=True)
    values.update(extra)
    return Company.objects.create(**values)


def invoice_data(project, supplier, **extra):
    data = {"supplier": supplier.pk, "number": "F-1", "date": "2025-03-10",
            "account": project.accounts.get(code="07.01").pk, "description": "Caméra",
            "amount_excl_vat": "1000.00", "vat_rate": "21", "cost_type": "direct",
            "paid_on": "", "studio": "", "manager_services": "0",
            "manager_lives_in_wallonia": "", "directly_linked": "on"}
    data.update(extra)
    return data


# -- roles --------------------------------------------------------------------------------

def test_other_roles_are_refused_and_anonymous_sent_to_login(client, phare):
    expense = Expense.objects.get(project=phare, source_key="demo:lp01")
    wallimage = source(phare, "wallimage")
    urls = [reverse("ledger_expenses", args=[phare.pk]),
            reverse("ledger_invoice_new", args=[phare.pk]),
            reverse("ledger_expense", args=[phare.pk, expense.pk]),
            reverse("ledger_expense_edit", args=[phare.pk, expense.pk]),
            reverse("ledger_obligations", args=[phare.pk]),
            reverse("ledger_obligation", args=[phare.pk, wallimage.pk]),
            reverse("ledger_obligation_export", args=[phare.pk, wallimage.pk])]
    for url in urls:
        assert client.get(url).status_code == 302
        assert client.get(url)["Location"].startswith("/login/")
    User = get_user_model()
    for username in ("ardenne", "canal.prod", "tele.demo", "csa", "cca", "wallimage"):
        client.force_login(User.objects.get(username=username))
        for url in urls:
            assert client.get(url).status_code == 403, (username, url)
        assert client.post(urls[1], invoice_data(phare, expense.supplier)).status_code == 403
    client.force_login(User.objects.get(username="phare"))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_missing_objects_are_not_found(login, phare, nuit):
    client = login("phare")
    other = Expense.objects.filter(project=nuit).first()
    assert client.get(reverse("ledger_expense", args=[phare.pk, other.pk])).status_code == 404
    assert client.get(reverse("ledger_obligation",
                              args=[phare.pk, source(nuit, "wallimage").pk])).status_code == 404
    equity = phare.sources.filter(rule="").first()
    assert client.get(reverse("ledger_obligation", args=[phare.pk, equity.pk])).status_code == 404
    assert client.get(reverse("ledger_expenses", args=[999999])).status_code == 404


def test_other_producer_sees_the_supplier_but_not_phare_expenses(login, phare):
    camera = Company.objects.get(name="Caméra Meuse Location")
    page = login("ardenne").get(reverse("ledger_supplier", args=[camera.pk])).content.decode()
    assert "Caméra Meuse Location" in page and "CML-2025-061" not in page
    page = login("phare").get(reverse("ledger_supplier", args=[camera.pk])).content.decode()
    assert "CML-2025-061" in page


# -- suppliers ----------------------------------------------------------------------------

def supplier_post(**extra):
    data = {"name": "Nouvelle Caméra", "enterprise_number": "0403.170.701",
            "vat_number": "BE0403170701", "country": "BE", "registered_street": "Rue X 1",
            "registered_postal_code": "4000", "registered_city": "Liège",
            "operating_street": "", "operating_postal_code": "", "operating_city": "",
            "operating_country": "", "audiovisual_activity": "true", "nace_codes": "77.39"}
    data.update(extra)
    return data


def test_supplier_is_created_validated_and_audited(demo, login):
    client = login("ardenne")
    response = client.post(reverse("ledger_supplier_new"), supplier_post())
    company = Company.objects.get(name="Nouvelle Caméra")
    assert response.status_code == 302
    assert company.vat_number == "BE0403170701" and company.audiovisual_activity is True
    assert AuditEntry.objects.filter(object_id=str(company.pk), note__contains="name").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Liège" in page and "Région wallonne" in page or "Walloon Region" in page


@pytest.mark.parametrize("field, value, expected", [
    ("vat_number", "BE0403170702", "chiffres de contrôle"),
    ("enterprise_number", "0403.170.702", "chiffres de contrôle"),
    ("enterprise_number", "12345", "10 chiffres"),
    ("registered_postal_code", "1044", "no Belgian municipality has postal code 1044"),
    ("registered_postal_code", "99", "not a Belgian postal code"),
    ("nace_codes", "cinéma", "NACE"),
    ("country", "Belgique", "ISO"),
])
def test_supplier_errors_name_the_field_and_what_was_expected(demo, login, field, value, expected):
    client = login("phare")
    response = client.post(reverse("ledger_supplier_new"), supplier_post(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert expected in " ".join(errors[field])
    assert not Company.objects.filter(name="Nouvelle Caméra").exists()


def test_belgian_vat_number_must_match_the_enterprise_number(demo, login):
    response = login("phare").post(reverse("ledger_supplier_new"),
                                   supplier_post(vat_number="BE0202239951"))
    assert "BE0403170701" in " ".join(response.context["form"].errors["vat_number"])


def test_operating_seat_is_checked_too(demo, login):
    response = login("phare").post(reverse("ledger_supplier_new"), supplier_post(
        operating_postal_code="0000", operating_city="Nulle part"))
    assert "operating_postal_code" in response.context["form"].errors


@pytest.mark.parametrize("code, city, municipality, region, language", [
    ("1000", "Bruxelles", "Bruxelles", "Région de Bruxelles-Capitale", "bilingue"),
    ("1300", "Wavre", "Wavre", "Région wallonne", "française"),
    ("4700", "Eupen", "Eupen", "Région wallonne", "allemande"),
    ("7780", "Comines-Warneton", "Comines-Warneton", "Région wallonne", "française"),
    ("3790", "Fourons", "Fourons", "Région flamande", "néerlandaise"),
    ("9000", "Gent", "Gand", "Région flamande", "néerlandaise"),
])
def test_territory_edge_cases_on_the_supplier_page(demo, login, code, city, municipality, region,
                                                  language):
    company = Company.objects.create(name=f"Fournisseur {code}", registered_postal_code=code,
                                     registered_city=city)
    page = login("phare").get(reverse("ledger_supplier", args=[company.pk])).content.decode()
    assert municipality in page
    assert region in page
    assert language in page


def test_shared_postal_code_says_so(demo, login):
    company = Company.objects.create(name="Ixelles Post", registered_postal_code="1050",
                                     registered_city="")
    page = login("phare").get(reverse("ledger_supplier", args=[company.pk])).content.decode()
    assert 'class="muted shared"' in page and "1050" in page


def test_supplier_list_search_and_people(login, phare):
    client = login("phare")
    page = client.get(reverse("ledger_suppliers"), {"q": "Eupen"}).content.decode()
    assert "Eupener Filmstudio" in page and "Caméra Meuse Location" not in page
    page = client.get(reverse("ledger_suppliers"), {"q": "4700"}).content.decode()
    assert "Eupener Filmstudio" in page and "Schmitz" in page


def test_person_domicile_postal_code_is_checked(demo, login):
    client = login("phare")
    response = client.post(reverse("ledger_person_new"), {
        "first_name": "Ana", "last_name": "Lopes", "domicile_postal_code": "1044",
        "domicile_country": "BE"})
    assert "domicile_postal_code" in response.context["form"].errors
    response = client.post(reverse("ledger_person_new"), {
        "first_name": "Ana", "last_name": "Lopes", "domicile_postal_code": "4800",
        "domicile_country": "BE"})
    assert response.status_code == 302
    assert Person.objects.get(last_name="Lopes").domicile_postal_code == "4800"


def test_another_producers_company_record_is_not_editable(demo, login):
    ardenne = Company.objects.get(name="Ardenne Films")
    assert login("phare").get(reverse("ledger_supplier_edit",
                                      args=[ardenne.pk])).status_code == 403


# -- invoices and payroll -----------------------------------------------------------------

def counts(client, project, expense) -> dict:
    """rule -> (verdict cell, why) from the expense page."""
    import re

    page = client.get(reverse("ledger_expense", args=[project.pk, expense.pk])).content.decode()
    rows = re.findall(r'<tr class="source" data-rule="(\w+)">(.*?)</tr>', page, re.S)
    result = {}
    for rule, row in rows:
        verdict = re.search(r'<td class="verdict">(.*?)</td>', row, re.S).group(1).strip()
        why = re.search(r'<td class="why">(.*?)</td>', row, re.S).group(1).strip()
        result[rule] = (verdict, why)
    return result


def record_invoice(client, project, supplier, **extra) -> Expense:
    response = client.post(reverse("ledger_invoice_new", args=[project.pk]),
                           invoice_data(project, supplier, **extra))
    assert response.status_code == 302, response.context["form"].errors
    return Expense.objects.get(project=project, number=extra.get("number", "F-1"))


@pytest.mark.parametrize("day, counts_for_wallimage", [("2023-12-31", True),
                                                        ("2024-01-01", False)])
def test_location_rental_for_wallimage_by_date(login, phare, day, counts_for_wallimage):
    client = login("phare")
    expense = record_invoice(client, phare, walloon_supplier(), date=day,
                             location_rental="on", account=phare.accounts.get(code="05.04").pk)
    verdict, why = counts(client, phare, expense)["wallimage"]
    assert verdict == ("oui" if counts_for_wallimage else "non"), why
    if not counts_for_wallimage:
        assert "location" in why.lower() or "lieu" in why.lower()


@pytest.mark.parametrize("day, counts_for_wallimage", [("2025-03-31", False),
                                                        ("2025-04-01", True)])
def test_rtbf_media_rives_for_wallimage_by_date(login, phare, day, counts_for_wallimage):
    client = login("phare")
    rtbf = Company.objects.get(name="RTBF Média Rives")
    expense = record_invoice(client, phare, rtbf, date=day, studio="RTBF Média Rives",
                             account=phare.accounts.get(code="07.04").pk)
    result = counts(client, phare, expense)
    assert result["wallimage"][0] == ("oui" if counts_for_wallimage else "non")
    assert result["tax_shelter"][0] == "non"  # never eligible for the Tax Shelter


def test_invoice_records_missing_mandatory_fields_and_spillover_refuses_it(login, phare):
    client = login("phare")
    expense = record_invoice(client, phare, walloon_supplier(),
                             missing_fields=["client_vat_number", "vat_rate"])
    assert expense.missing_fields == ["client_vat_number", "vat_rate"]
    assert expense.owner == phare.owner and expense.work == phare.work
    page = client.get(reverse("ledger_expense", args=[phare.pk, expense.pk])).content.decode()
    assert "client_vat_number" not in page.split('id="missing"')[1].split("</td>")[0]
    result = counts(client, phare, expense)
    assert result["spillover"][0] == "non"
    assert result["wallimage"][0] == "oui"


def test_invoice_form_errors(login, phare):
    client = login("phare")
    response = client.post(reverse("ledger_invoice_new", args=[phare.pk]), invoice_data(
        phare, walloon_supplier(), amount_excl_vat="10.001", manager_services="20"))
    errors = response.context["form"].errors
    assert "amount_excl_vat" in errors
    nuit_account = Project.objects.get(work__title="Nuit Blanche").accounts.first()
    response = client.post(reverse("ledger_invoice_new", args=[phare.pk]), invoice_data(
        phare, walloon_supplier(name="X"), account=nuit_account.pk))
    assert "account" in response.context["form"].errors


def test_payroll_line_and_edit_is_audited(login, phare):
    client = login("phare")
    person = Person.objects.get(first_name="Luc", last_name="Marchal")
    response = client.post(reverse("ledger_payroll_new", args=[phare.pk]), {
        "employee": person.pk, "number": "PAIE-X", "date": "2025-04-30",
        "account": phare.accounts.get(code="02.03").pk, "description": "Cadreur",
        "amount_excl_vat": "4200.00", "cost_type": "direct", "paid_on": "",
        "directly_linked": "on"})
    assert response.status_code == 302
    expense = Expense.objects.get(project=phare, number="PAIE-X")
    assert expense.kind == "payroll" and expense.supplier is None and expense.vat_rate == 0
    result = counts(client, phare, expense)
    assert result["wallimage"][0] == "oui"        # domicile in Liège
    assert result["screen_brussels"][0] == "non"  # the producer operates in Liège
    response = client.post(reverse("ledger_expense_edit", args=[phare.pk, expense.pk]), {
        "employee": person.pk, "number": "PAIE-X", "date": "2025-04-30",
        "account": phare.accounts.get(code="02.03").pk, "description": "Cadreur",
        "amount_excl_vat": "4300.00", "cost_type": "direct", "paid_on": "",
        "directly_linked": "on"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(object_id=str(expense.pk), field="amount_excl_vat",
                                     new_value__contains="4300").exists()


def test_expense_list_filters_totals_and_pages(login, phare):
    client = login("phare")
    url = reverse("ledger_expenses", args=[phare.pk])
    response = client.get(url)
    total = sum(e.amount_excl_vat for e in Expense.objects.filter(project=phare))
    assert response.context["totals"]["total"] == total
    assert response.context["page"].paginator.num_pages == 2
    assert len(client.get(url, {"page": 2}).context["page"]) == \
        Expense.objects.filter(project=phare).count() - 50
    response = client.get(url, {"kind": "payroll"})
    assert response.context["totals"]["count"] == 20
    camera = Company.objects.get(name="Caméra Meuse Location")
    response = client.get(url, {"supplier": camera.pk, "month": "2025-03"})
    assert {e.number for e in response.context["page"]} == {
        "CML-2025-061", "CML-2025-078", "CML-2025-093", "CML-2025-090"}
    response = client.get(url, {"account": phare.accounts.get(code="07.04").pk})
    assert response.context["totals"]["total"] == Decimal("85300.00")
    assert "month" in client.get(url, {"month": "2025-13"}).context["filters"].errors


# -- obligations ---------------------------------------------------------------------------

def test_spillover_caps_shown(login, phare):
    spill = source(phare, "spillover")
    response = login("phare").get(reverse("ledger_obligation", args=[phare.pk, spill.pk]))
    caps = {cap["label"]: cap for cap in response.context["caps"]}
    assert len(caps) == 2
    overhead = next(c for c in caps.values() if c["share"] == Decimal("0.07"))
    fee = next(c for c in caps.values() if c["share"] == Decimal("0.10"))
    assert (overhead["amount"], overhead["kept"], overhead["beyond"]) == (
        Decimal("18000.00"), Decimal("10500.00"), Decimal("7500.00"))
    assert (fee["amount"], fee["kept"], fee["beyond"]) == (
        Decimal("25000.00"), Decimal("15000.00"), Decimal("10000.00"))
    page = response.content.decode()
    assert fr_money("10500") in page and fr_money("15000") in page


def test_obligation_page_figures_match_the_rules(login, phare):
    client = login("phare")
    assessment = exports.assess(phare)
    for item in assessment.statuses:
        response = client.get(reverse("ledger_obligation", args=[phare.pk, item.source.pk]))
        status = response.context["status"]
        assert status.required == item.status.required
        assert status.counted == item.status.counted
        lines = response.context["page"].paginator.object_list
        # every cent of the ledger either counted or not, and never twice
        assert sum(line["counted"] for line in lines) == status.counted
        assert sum(line["counted"] + line["excluded"] for line in lines) == sum(
            e.amount_excl_vat for e in Expense.objects.filter(project=phare))
        assert len({line["expense"].pk for line in lines}) == len(lines)
    wallimage = source(phare, "wallimage")
    page = client.get(reverse("ledger_obligation", args=[phare.pk, wallimage.pk])) \
        .content.decode()
    assert "Les locations de lieux de tournage sont-elles des dépenses" in page  # parameters, sources
    assert "DF-2025-09" in page and "30/06/2026" in page


def test_nuit_blanche_shortfall_says_how_much_and_where(login, nuit):
    wallimage = source(nuit, "wallimage")
    response = login("phare").get(reverse("ledger_obligation", args=[nuit.pk, wallimage.pk]))
    status = response.context["status"]
    assert status.required == Decimal("150000.00")
    assert status.missing == Decimal("57100.00")
    page = response.content.decode()
    assert fr_money("57100") in page
    territories = {t["name"]: t for t in response.context["breakdown"]["territories"]}
    brussels = territories["Région de Bruxelles-Capitale"]
    # post-production in Brussels (44 000) and an assistant domiciled in Saint-Gilles (4 300)
    assert brussels["excluded"] == Decimal("48300.00") and brussels["counted"] == 0
    chapters = {t["name"]: t for t in response.context["breakdown"]["chapters"]}
    assert chapters["08 Post-production (image et son)"]["excluded"] == Decimal("44000.00")
    listing = login("phare").get(reverse("ledger_obligations", args=[nuit.pk])).content.decode()
    assert fr_money("57100") in listing and "31/03/2026" in listing


def test_missing_term_is_named(login, phare):
    tax = source(phare, "tax_shelter")
    tax.certificate_value = None
    tax.save()
    client = login("phare")
    page = client.get(reverse("ledger_obligation", args=[phare.pk, tax.pk])).content.decode()
    assert "il manque la valeur de l’attestation" in page
    page = client.get(reverse("ledger_obligations", args=[phare.pk])).content.decode()
    assert "il manque la valeur de l’attestation" in page
    assert client.get(reverse("ledger_obligation_export",
                              args=[phare.pk, tax.pk])).status_code == 409


# -- exports ---------------------------------------------------------------------------------

def workbook(client, project, rule):
    response = client.get(reverse("ledger_obligation_export",
                                  args=[project.pk, source(project, rule).pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX
    return load_workbook(io.BytesIO(response.content)).active


def rows_after_header(sheet, first_header):
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    return rows[start], rows[start + 1:]


def test_wallimage_statement_read_back(login, phare):
    sheet = workbook(login("phare"), phare, "wallimage")
    status = exports.assess(phare).status_for(source(phare, "wallimage")).status
    header, rows = rows_after_header(sheet, "Chapitre")
    amount_col, counted_col = header.index("Montant HTVA (€)"), header.index(
        "Montant retenu (€)")
    total = next(row for row in rows if row[0] == "Total")
    assert read_money(total[counted_col]) == status.counted
    assert read_money(total[amount_col]) == sum(
        e.amount_excl_vat for e in Expense.objects.filter(project=phare))
    lines = [row for row in rows if row[3] and row[0] and not str(row[0]).startswith(
        ("Sous-total", "Total"))]
    assert sum(read_money(row[counted_col]) for row in lines) == status.counted
    subtotals = [row for row in rows if str(row[0]).startswith("Sous-total")]
    assert sum(read_money(row[counted_col]) for row in subtotals) == status.counted
    castle = next(row for row in lines if row[4] == "DF-2025-09")
    assert read_money(castle[counted_col]) == 0 and castle[-1]
    pairs = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert read_money(pairs["Dépense wallonne retenue"]) == status.counted
    assert Decimal(repr(pairs["Ratio atteint"])) == status.details["achieved_ratio"]


def test_spillover_liste_preuves_invest_read_back(login, phare):
    sheet = workbook(login("phare"), phare, "spillover")
    assert sheet.title == "Liste Preuves Invest"
    status = exports.assess(phare).status_for(source(phare, "spillover")).status
    header, rows = rows_after_header(sheet, "Réf. investissement")
    shown = header.index("Montant présenté (€)")
    total = next(row for row in rows if row[0] == "Total")
    assert read_money(total[shown]) == status.counted
    overhead = next(row for row in rows if row[header.index(
        "N° de facture ou référence")] == "FDP-2025-OH1")
    assert read_money(overhead[shown]) == Decimal("10500.00")


@pytest.mark.parametrize("rule", ["screen_brussels", "tax_shelter"])
def test_counted_spend_statements_read_back(login, phare, rule):
    sheet = workbook(login("phare"), phare, rule)
    status = exports.assess(phare).status_for(source(phare, rule)).status
    header, rows = rows_after_header(sheet, "Chapitre")
    total = next(row for row in rows if row[0] == "Total")
    assert read_money(total[header.index("Montant retenu (€)")]) == status.counted
    pairs = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert read_money(pairs["Requis"]) == status.required


def test_only_the_owner_downloads(login, phare):
    url = reverse("ledger_obligation_export", args=[phare.pk, source(phare, "wallimage").pk])
    assert login("admin").get(url).status_code == 403
    assert login("ardenne").get(url).status_code == 403


# -- demo ---------------------------------------------------------------------------------

def test_demo_is_idempotent_and_shows_every_obligation(phare, nuit):
    from montage.web.ledger.demo import load_demo

    before = Expense.objects.filter(project__in=[phare, nuit]).count()
    load_demo()
    assert Expense.objects.filter(project__in=[phare, nuit]).count() == before >= 70
    assessment = exports.assess(phare)
    assert {item.source.rule for item in assessment.statuses} == {
        "wallimage", "spillover", "screen_brussels", "tax_shelter"}
    for item in assessment.statuses:
        assert item.status is not None and item.status.counted > 0
    assert Expense.objects.filter(project=phare, kind="payroll").count() == 20
    assert dt.date(2024, 1, 1) < Expense.objects.get(project=phare,
                                                     source_key="demo:lp12").date


def test_forms_keep_the_ledger_buckets_current(login, phare):
    """Recording, editing an expense and moving a supplier's seat update the running totals
    (montage.web.ledger.buckets) so that they give the same figures as the full ledger."""
    from montage.web.ledger import buckets

    def same():
        full = {item.source.pk: item.status.counted for item in exports.assess(phare).statuses}
        quick = {item.source.pk: item.status.counted
                 for item in buckets.statuses(phare, dt.date.today())}
        assert quick == full

    same()
    client = login("phare")
    supplier = walloon_supplier(owner=phare.owner)  # Phare's record: Phare edits it
    expense = record_invoice(client, phare, supplier, amount_excl_vat="5000.00")
    same()
    response = client.post(reverse("ledger_expense_edit", args=[phare.pk, expense.pk]),
                           invoice_data(phare, supplier, amount_excl_vat="6000.00"))
    assert response.status_code == 302
    same()
    data = supplier_post(name=supplier.name, registered_postal_code="1000",
                         registered_city="Bruxelles")
    assert client.post(reverse("ledger_supplier_edit", args=[supplier.pk]),
                       data).status_code == 302
    same()

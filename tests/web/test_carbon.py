"""The carbon footprint of a production (docs/web-carbon.md): activity data and ledger lines to
kg CO2e, the report as a page, .xlsx and .pdf, the green plan as Wallimage's condition, the
fund's portfolio."""

import datetime as dt
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from montage.web.carbon import services
from montage.web.carbon.models import Activity, GreenPlan, ReductionAction
from montage.web.production.models import BudgetLine, Project
from montage.web.production.services import current_version
from montage.web.registry.services import Refused
from tests.web.factories import carbon as carbon_f
from tests.web.factories import fund as fund_f
from tests.web.factories import ledger, production, registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    made = production.project(title="Essai carbone", shooting_start=dt.date(2026, 3, 2),
                              shooting_end=dt.date(2026, 4, 30))
    return made


def _expense(project, code, amount, date=dt.date(2026, 3, 10), **fields):
    return ledger.expense(project.owner, amount, date=date, project=project, work=project.work,
                          account=project.accounts.get(code=code), **fields)


def test_the_actual_footprint_counts_activity_data_and_spend_apart(project):
    generator = _expense(project, "07.02", "9800.00")       # measured by its litres
    _expense(project, "06.03", "4000.00")                   # catering: by its spend
    _expense(project, "06.03", "1000.00", date=dt.date(2026, 2, 1))   # before the shoot
    _expense(project, "02.01", "6400.00")                   # no spend factor: not counted
    carbon_f.activity(project, "800", expense=generator)
    services.set_spend_factor(project, "regie", D("0.15"), "ratio du calculateur X", None)
    result = services.footprint(project, "actual")
    kg = [c.kg for c in result.result.contributions]
    # 800 l × 2.51279 = 2 010.232 kg; 4 000 € × 0.15 = 600 kg; 1 000 € × 0.15 = 150 kg
    assert sorted(kg) == [D("150.00"), D("600.00"), D("2010.232")]
    assert result.result.total_kg == D("2760.232") and result.total_t == D("2.760")
    assert result.result.by_phase["preparation"] == D("150.00")
    assert result.result.spend_kg == D("750.00")
    assert [(u.post, u.amount, u.lines) for u in result.uncounted] == [
        ("production", D("6400.00"), 1)]
    spend = [c for c in result.result.contributions if not c.measured]
    assert all(c.user_entered and c.source == "ratio du calculateur X" for c in spend)


def test_a_line_or_account_moves_to_another_post(project):
    line = _expense(project, "06.03", "2000.00")
    services.set_spend_factor(project, "regie", D("0.1"), "s", None)
    services.set_spend_factor(project, "transport", D("0.2"), "s", None)
    services.set_post(project, "transport", expense=line)
    assert services.footprint(project, "actual").result.by_post["transport"] == D("400.0")
    services.set_post(project, "regie", expense=line)    # back to its account's: no override
    assert not project.carbon_post_overrides.exists()
    services.set_post(project, "transport", account=project.accounts.get(code="06.03"))
    assert services.footprint(project, "actual").result.by_post["transport"] == D("400.0")


def test_the_forecast_reads_the_budget_and_the_shooting_plan(project):
    version = current_version(project)
    hotel = BudgetLine.objects.create(version=version, account=project.accounts.get(code="06.02"),
                                      description="Hébergement", quantity=D("300"), rate=D("85"))
    BudgetLine.objects.create(version=version, account=project.accounts.get(code="06.03"),
                              description="Régie", quantity=D("20"), rate=D("1000"))
    carbon_f.activity(project, "300", "room_night", "carbon.hotel_belgium_night",
                      basis="forecast", post="regie", budget_line=hotel)
    services.set_spend_factor(project, "regie", D("0.15"), "s", None)
    result = services.footprint(project, "forecast")
    # 300 nights × 12.2 = 3 660 kg; the hotel line counts by its nights, the other by spend
    assert result.result.by_post["regie"] == D("3660.0") + D("20000.00") * D("0.15")
    assert services.footprint(project, "actual").result.total_kg == 0


def test_an_activity_is_refused_with_its_field_and_corrected_with_its_history(project):
    with pytest.raises(Refused) as refused:
        carbon_f.activity(project, "100", "km", "carbon.diesel_litre")
    assert set(refused.value.errors) == {"unit"}
    with pytest.raises(Refused) as refused:
        carbon_f.activity(project, "100", "kwh", "", user_factor="0.17")
    assert set(refused.value.errors) == {"user_factor_source"}
    record = carbon_f.activity(project, "100", "kwh", "", user_factor="0.17",
                               user_factor_source="fournisseur")
    services.cancel_activity(record, registry.user("p1"), "doublon")
    assert services.footprint(project, "actual").result.total_kg == 0
    assert Activity.all_objects.get(pk=record.pk).cancel_reason == "doublon"


def test_certification_is_required_from_2026_and_met_by_a_valid_certificate(project):
    before = services.certification_condition(project, dt.date(2025, 12, 31))
    assert not before.required and not before.met
    condition = services.certification_condition(project, dt.date(2026, 1, 1))
    assert condition.required and not condition.met and "2.2.6" in condition.source
    plan = services.save_green_plan(GreenPlan(
        project=project, green_manager="A. Vert", scheme="ecoprod", status="certified",
        certified_on=dt.date(2026, 2, 1), valid_until=dt.date(2027, 1, 31)))
    assert services.certification_condition(project, dt.date(2026, 6, 1)).met
    assert not services.certification_condition(project, dt.date(2027, 2, 1)).met
    plan.certified_on = None
    with pytest.raises(Refused):
        services.save_green_plan(plan)


def test_the_fund_sees_the_footprint_of_the_projects_that_applied(client, project):
    fund = registry.organisation("fund", "Fonds carbone")
    call = fund_f.call(fund)
    fund_f.application(call, applicant=project.owner.company, title="Autre")
    analyst = registry.user("analyst", fund, "fund_analyst")
    client.force_login(analyst)
    url = reverse("carbon_project", args=[project.pk])
    assert client.get(url).status_code == 403
    application = call.applications.get()
    application.work = project.work
    application.save()
    assert client.get(url).status_code == 200
    carbon_f.activity(project, "1000")
    page = client.get(reverse("carbon_fund_portfolio"))
    assert page.status_code == 200 and "Essai carbone" in page.content.decode()
    assert page.context["total_t"] == D("2.513")


# -- the demo's "Le Phare" ---------------------------------------------------------------

@pytest.fixture
def phare(demo):
    return Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")


def test_le_phare_has_a_forecast_and_an_actual_footprint_with_a_chart(login, phare):
    forecast = services.footprint(phare, "forecast")
    actual = services.footprint(phare, "actual")
    assert forecast.result.total_kg > actual.result.total_kg > 0
    assert actual.result.measured_kg and actual.result.spend_kg
    client = login("phare")
    page = client.get(reverse("carbon_project", args=[phare.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="bar-forecast"') == 8 and html.count('class="bar-actual"') == 8
    assert "Empreinte carbone" in html and "Régie" in html and "ligne 1_101_1011_8_1" in html
    assert "€" in html and "True" not in html


def test_le_phare_report_as_xlsx_and_pdf(login, phare):
    client = login("phare")
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("carbon_report_xlsx", args=[phare.pk])).content))
    summary = book.worksheets[0]
    rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row and row[0]}
    actual = services.footprint(phare, "actual")
    assert tuple(D(str(v)) for v in rows["Total"]) == (
        services.footprint(phare, "forecast").total_t, actual.total_t)
    assert all(not str(c.value).startswith("=") for row in book["Contributions"].iter_rows()
               for c in row if c.value is not None)
    reader = PdfReader(io.BytesIO(client.get(reverse("carbon_report_pdf",
                                                     args=[phare.pk])).content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Le Phare" in text and "Régie" in text and "Ecoprod" in text


def test_the_fund_portfolio_aggregates_the_demo_projects(login, demo):
    client = login("wallimage")
    page = client.get(reverse("carbon_fund_portfolio"))
    assert page.status_code == 200
    titles = [r["row"].project.work.title for r in page.context["rows"]]
    assert {"Le Phare", "Nuit Blanche"} <= set(titles)
    best = [r["best"].result.total_kg for r in page.context["rows"]]
    from montage.finance.carbon import tonnes
    assert page.context["total_t"] == tonnes(sum(best))
    assert page.context["certified"] == 1


def test_the_call_and_the_application_show_the_certification_condition(login, project):
    fund = registry.organisation("fund", "Fonds des coproductions")
    call = fund_f.call(fund, kind="copro_live", line_name="Coproductions",
                       opens_on=dt.date(2026, 1, 10),
                       closes_on=dt.date(2026, 2, 10))
    application = fund_f.application(call, applicant=project.owner.company,
                                     submitted_on=dt.date(2026, 2, 1))
    application.work = project.work
    application.save()
    registry.user("analyst2", fund, "fund_analyst")
    client = login("analyst2")
    html = client.get(reverse("fund_call_detail", args=[call.pk])).content.decode()
    assert 'id="certification-rule"' in html and "exigée" in html and "2.2.6" in html
    html = client.get(reverse("fund_application_detail", args=[application.pk])
                      ).content.decode()
    assert 'class="ko" data-check="certification"' in html
    services.save_green_plan(GreenPlan(project=project, green_manager="A. Vert",
                                       scheme="green_motion", status="certified",
                                       certified_on=dt.date(2026, 1, 20)))
    html = client.get(reverse("fund_application_detail", args=[application.pk])
                      ).content.decode()
    assert 'class="ok" data-check="certification"' in html and "Green Motion" in html
    other = fund_f.call(fund, kind="tv_format")
    assert 'id="certification-rule"' not in client.get(
        reverse("fund_call_detail", args=[other.pk])).content.decode()


def test_the_pages_record_activity_data_typed_the_belgian_way(client, project):
    owner = registry.user("prod1", project.owner, "producer_manager")
    client.force_login(owner)
    new = reverse("carbon_activity_new", args=[project.pk])
    assert "Gazole" in client.get(new + "?basis=forecast").content.decode()
    response = client.post(new, {
        "basis": "actual", "phase": "shooting", "post": "technical", "label": "Groupe",
        "date": "2026-03-10", "quantity": "1.650,5", "unit": "litre",
        "factor_code": "carbon.diesel_litre", "user_factor": "", "user_factor_source": ""})
    assert response.status_code == 302
    record = Activity.objects.get(project=project)
    assert record.quantity == D("1650.5") and record.recorded_by == owner
    response = client.post(new, {
        "basis": "actual", "phase": "shooting", "post": "technical", "label": "Réseau",
        "date": "2026-03-10", "quantity": "100", "unit": "kwh", "factor_code": "",
        "user_factor": "0,17", "user_factor_source": ""})
    assert response.status_code == 400
    assert "demande sa source" in response.content.decode()
    response = client.post(reverse("carbon_spend_factors", args=[project.pk]),
                           {"post": "regie", "value": "0,15", "source": "ratio X"})
    assert response.status_code == 302
    assert project.carbon_spend_factors.get().value == D("0.15")
    client.post(reverse("carbon_activity_cancel", args=[project.pk, record.pk]), {"reason": ""})
    assert Activity.objects.filter(pk=record.pk).exists()      # no reason: not cancelled
    client.post(reverse("carbon_activity_cancel", args=[project.pk, record.pk]),
                {"reason": "saisie en double"})
    assert not Activity.objects.filter(pk=record.pk).exists()
    page = client.get(reverse("carbon_project", args=[project.pk])).content.decode()
    assert "saisie en double" in page and "carbon.diesel_litre</td>" not in page


def test_the_producer_sees_the_certification_condition_before_and_after_applying(login):
    """The pre-check on the apply page (today's rule, the project's green plan today) and the
    producer's application page (the rule on the day of submission) read one condition."""
    from montage.web.production import applying

    fund = registry.organisation("fund", "Fonds des coproductions")
    call = fund_f.call(fund, kind="copro_live", line_name="Coproductions",
                       opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 31))
    owner = registry.producer("Films verts")
    made = production.project(owner, title="Le Film vert")
    producer = registry.user("vert", owner)
    client = login("vert")
    page = client.get(reverse("production_apply", args=[made.pk]) + f"?call={call.pk}")
    html = page.content.decode()
    assert 'id="precheck"' in html and 'class="ko" data-check="certification"' in html
    assert "Aucun plan vert" in html
    services.save_green_plan(GreenPlan(project=made, green_manager="A. Vert", scheme="ecoprod",
                                       status="certified", certified_on=dt.date(2026, 10, 1)))
    html = client.get(reverse("production_apply", args=[made.pk]) + f"?call={call.pk}"
                      ).content.decode()
    assert 'class="ok" data-check="certification"' in html and "A. Vert" in html
    application = applying.apply(made, call, D("10000.00"), D("20000.00"), None, {}, producer,
                                 dt.date(2026, 12, 1))
    html = client.get(reverse("production_application", args=[made.pk, application.pk])
                      ).content.decode()
    assert 'class="ok" data-check="certification"' in html
    assert services.application_certification(application) == services.call_certification(
        call, made, dt.date(2026, 12, 1))


def test_the_certificate_is_a_pdf_for_the_producer_and_the_financing_fund(client, project,
                                                                          settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    owner = registry.user("prod2", project.owner, "producer_manager")
    client.force_login(owner)
    url = reverse("carbon_green_plan", args=[project.pk])
    fields = {"green_manager": "A. Vert", "scheme": "ecoprod", "status": "certified",
              "certified_on": "2026-10-01", "scheme_other": "", "document": "EP-1"}
    refused = client.post(url, {**fields, "certificate": SimpleUploadedFile(
        "label.pdf", b"not a pdf", content_type="application/pdf")})
    assert refused.status_code == 400 and "label.pdf" in refused.content.decode()
    assert not GreenPlan.objects.filter(project=project).exists()    # nothing kept
    assert client.post(url, {**fields, "certificate": SimpleUploadedFile(
        "label.pdf", b"%PDF-1.4 label", content_type="application/pdf")}).status_code == 302
    plan = GreenPlan.objects.get(project=project)
    assert plan.certificate_uploaded_by == owner
    download = reverse("carbon_certificate", args=[project.pk])
    assert b"".join(client.get(download).streaming_content) == b"%PDF-1.4 label"
    # the green plan saved again without a file keeps the certificate
    assert client.post(url, fields).status_code == 302
    assert GreenPlan.objects.get(project=project).certificate

    fund = registry.organisation("fund", "Fonds vert")
    client.force_login(registry.user("analyst3", fund, "fund_analyst"))
    assert client.get(download).status_code == 403                # not (yet) its project
    project.sources.create(label="Fonds vert", financier=fund, amount=D("1000.00"),
                           source_type="regional_fund")
    assert client.get(download).status_code == 200
    client.force_login(registry.user("other", registry.producer("Autres"), "producer_manager"))
    assert client.get(download).status_code == 403


def _sheet(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_activity_data_imported_all_or_nothing_through_the_form_s_writer(client, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from montage.errors import InputError
    from montage.web.carbon import imports

    generator = _expense(project, "07.02", "9800.00", number="GEN-1")
    header = ["Bilan", "Phase", "Poste", "Date", "Description", "Quantité", "Unité", "Facteur",
              "Facteur saisi", "Source du facteur", "Ligne du journal"]
    good = [header,
            ["réel", "tournage", "Moyens techniques", dt.date(2026, 3, 10), "Groupe : gazole",
             800, "litres", "carbon.diesel_litre", None, None, "GEN-1"],
            ["prévisionnel", "shooting", "technical", "10/03/2026", "Réseau", "1.200,5", "kWh",
             None, "0,17", "facteur du fournisseur 2025", None]]
    bad = good + [["réel", "tournage", "Lieux", "31/02/2026", "x", "douze", "litres",
                   "carbon.diesel_litre", None, None, "NOPE"],
                  ["réel", "tournage", "Lieux", "01/03/2026", "y", "5", "kWh",
                   "carbon.diesel_litre", None, None, None]]
    with pytest.raises(InputError) as error:
        imports.import_activities(project, "bilan.xlsx", _sheet(bad), None)
    places = {(p.file, p.row, p.column) for p in error.value.problems}
    assert places == {("bilan.xlsx", 4, "Date"), ("bilan.xlsx", 4, "Quantité"),
                      ("bilan.xlsx", 4, "Ligne du journal"), ("bilan.xlsx", 5, "Unité")}
    assert not Activity.objects.filter(project=project).exists()     # nothing recorded

    owner = registry.user("prod4", project.owner, "producer_manager")
    client.force_login(owner)
    url = reverse("carbon_activity_import", args=[project.pk])
    page = client.post(url, {"file": SimpleUploadedFile("bilan.xlsx", _sheet(bad))})
    html = page.content.decode()
    assert page.status_code == 400 and "bilan.xlsx:4" in html and "douze" in html
    csv_text = "\n".join(";".join("" if c is None else (c.strftime("%d/%m/%Y") if isinstance(
        c, dt.date) else str(c)) for c in row) for row in good)
    response = client.post(url, {"file": SimpleUploadedFile("bilan.csv",
                                                            csv_text.encode("utf-8"))})
    assert response.status_code == 302
    measured, grid = Activity.objects.filter(project=project).order_by("basis")
    assert (measured.basis, measured.expense, measured.quantity) == ("actual", generator, D(800))
    assert (grid.basis, grid.quantity, grid.user_factor) == ("forecast", D("1200.5"), D("0.17"))
    assert measured.recorded_by == owner
    # 800 l × 2.51279 = 2 010.232 kg, the generator's line no longer counted by its spend
    assert services.footprint(project, "actual").result.total_kg == D("2010.232")

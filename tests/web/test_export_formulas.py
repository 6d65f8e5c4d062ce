"""Formula injection: text a user typed (by hand or by import) is stored in every workbook Montage
writes as text, never as a formula (docs/web.md, "Exports").

Every .xlsx download of the application is fetched after hostile names have been planted in the
demo's records: each workbook must hold no formula cell other than the ones Montage writes on
purpose (INTENTIONAL_FORMULAS, per export), and the hostile text must come back as typed.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from montage.web import xlsx
from montage.web.fund.models import Commitment
from montage.web.contribution.models import ObligationYear
from montage.web.ledger.models import Expense
from montage.web.production.models import FinancingSource, Project
from montage.web.registry.models import Person
from montage.web.fund.records import LINE_OF_KIND

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://example.invalid","click")'
HOSTILE = (HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")

# Every .xlsx URL of the application (montage/web/*/urls.py), with the formula cells Montage
# writes there on purpose, as (sheet title, coordinate). None today: every total is computed
# exactly (Decimal) by Montage and written as a number.
EXPORTS = ("ledger_obligation_export:spillover", "ledger_obligation_export:wallimage",
           "ledger_obligation_export:screen_brussels", "ledger_obligation_export:tax_shelter",
           "annexes_formulaire_ca", "annexes_recap_invest", "annexes_preuves_invest",
           "fund_report_xlsx", "carbon_report_xlsx", "recoupment_statement_xlsx",
           "fund_recoupments_xlsx",
           # the lists' exports (montage/web/core/lists.py)
           "work_list_xlsx", "obligation_list_xlsx", "fund_calls_xlsx", "ledger_suppliers_xlsx",
           "ledger_expenses_xlsx", "production_budget_xlsx", "production_cost_report_xlsx",
           "production_financing_xlsx", "fund_applications_xlsx",
           "investments_proof_list_xlsx",
           "fund_report_xlsx_job")  # the fund's workbook made by a job, downloaded from its page
INTENTIONAL_FORMULAS: dict[str, set[tuple[str, str]]] = {name: set() for name in EXPORTS}


def read_back(text: str) -> str:
    """What an XML reader returns for the text: a carriage return stored in the file comes back
    as a line feed (XML end-of-line handling; Excel reads it the same way)."""
    return text.replace("\r", "\n")


@pytest.fixture
def hostile(demo):
    """Hostile names in the records each export shows; returns, per export, the texts to find
    back in it, each as a whole cell."""
    # the producer's ledger (Le Phare and its four obligations)
    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    invoice = Expense.objects.filter(project=phare, kind=Expense.Kind.INVOICE,
                                     supplier__isnull=False).order_by("pk").first()
    supplier = invoice.supplier
    supplier.name = HYPERLINK
    supplier.save()
    invoice.number, invoice.description = "-2+3", "@SUM(A1)"
    invoice.save()
    payroll = Expense.objects.filter(project=phare, kind=Expense.Kind.PAYROLL).first()
    Person.objects.filter(pk=payroll.employee_id).update(first_name="", last_name="+1+1")
    phare.work.title = "\t=1"
    phare.work.save()
    phare.owner.name = "\r=1"
    phare.owner.save()
    ledger = [HYPERLINK, "+1+1", "-2+3", "\t=1", "\r=1"]
    expected = {f"ledger_obligation_export:{rule}": ledger for rule in
                ("wallimage", "screen_brussels", "tax_shelter")}
    expected["ledger_obligation_export:spillover"] = ledger + ["@SUM(A1)"]

    # the editor's obligation file (Télé Demo 2024): its annexes 3, 5 and 6
    file = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2024)
    editor = file.editor.organisation
    editor.name = "@SUM(A1)"
    editor.save()
    service = file.editor.services.order_by("name").first()
    service.name = HYPERLINK
    service.save()
    investment = file.investments.filter(work__isnull=False, producer__isnull=False).exclude(
        work=phare.work).order_by("pk").first()
    investment.work.title = HYPERLINK
    investment.work.save()
    investment.producer.name = "+1+1"
    investment.producer.save()
    proof = Expense.objects.filter(spillover_proofs__investment__obligation=file,
                                   supplier__isnull=False).exclude(pk=invoice.pk).exclude(
        supplier=supplier).order_by("pk").first()
    proof.number, proof.description = "\t=1", "\r=1"
    proof.save()
    proof.supplier.name = HYPERLINK
    proof.supplier.save()
    expected["annexes_formulaire_ca"] = [HYPERLINK, "@SUM(A1)"]
    expected["annexes_recap_invest"] = [HYPERLINK, "+1+1", "@SUM(A1)"]
    expected["annexes_preuves_invest"] = [HYPERLINK, "\t=1", "\r=1", "@SUM(A1)"]

    # the regional fund's records (Wallimage): a 2024 coproduction commitment
    commitment = Commitment.objects.filter(
        application__call__funding_line__kind__in=list(LINE_OF_KIND),
        signed_on__year=2024, application__work__credits__role="director").exclude(
        application__work__in=[phare.work, investment.work]).exclude(
        application__applicant__in=[supplier, proof.supplier, investment.producer]).order_by(
        "report_no", "pk").first()
    work = commitment.application.work
    work.title = HYPERLINK
    work.save()
    applicant = commitment.application.applicant
    applicant.name = "@SUM(A1)"
    applicant.save()
    directors = work.credits.filter(role="director")
    Person.objects.filter(pk__in=directors.values("person")[:1]).update(first_name="",
                                                                         last_name="-2+3")
    Person.objects.filter(pk__in=directors.values("person")[1:]).update(first_name="",
                                                                         last_name="+1+1")
    expected["fund_report_xlsx"] = [HYPERLINK, "@SUM(A1)"]
    expected["fund_report_xlsx_job"] = expected["fund_report_xlsx"]
    # the §6.2 table's works: a catalogue work with 2024 receipts
    from montage.web.fund.models import RecoupmentReceipt
    catalogue = RecoupmentReceipt.objects.filter(received_on__year=2024).order_by(
        "pk").first().commitment.application.work
    catalogue.title = "=1+2"
    catalogue.save()
    expected["fund_recoupments_xlsx"] = ["=1+2"]

    # the carbon footprint of Le Phare: an activity's description, the producer's name
    from montage.web.carbon.models import Activity
    activity = Activity.objects.filter(project=phare).order_by("pk").first()
    Activity.objects.filter(pk=activity.pk).update(label="+1+1")
    expected["carbon_report_xlsx"] = ["+1+1", "\r=1"]

    # a recoupment statement of Le Phare: a corridor's name
    from montage.web.recoupment.models import Corridor, Statement
    statement = Statement.objects.filter(project=phare).order_by("pk").first()
    Corridor.objects.filter(project=phare).update(name="-2+3")
    expected["recoupment_statement_xlsx"] = ["-2+3"]

    # the lists: Le Phare's work title, Télé Demo's name, a call's title, a supplier, a ledger
    from montage.web.fund.models import Call
    call = Call.objects.filter(funding_line__organisation__name="Wallimage").order_by("pk").first()
    Call.objects.filter(pk=call.pk).update(title="-2+3")
    expected["work_list_xlsx"] = ["\t=1"]
    expected["obligation_list_xlsx"] = ["@SUM(A1)"]
    expected["fund_calls_xlsx"] = ["-2+3"]
    expected["fund_applications_xlsx"] = [HYPERLINK, "@SUM(A1)", "-2+3"]
    expected["ledger_suppliers_xlsx"] = [HYPERLINK]
    expected["ledger_expenses_xlsx"] = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)"]
    from montage.web.production.models import BudgetLine
    from montage.web.production.services import current_version
    BudgetLine.objects.filter(version=current_version(phare)).filter(
        pk=BudgetLine.objects.filter(version=current_version(phare)).order_by("pk")
        .values("pk")[:1]).update(description="=1+1")
    expected["production_budget_xlsx"] = ["=1+1", "\r=1"]
    expected["production_cost_report_xlsx"] = ["\r=1"]
    FinancingSource.objects.filter(pk=FinancingSource.objects.filter(project=phare).order_by(
        "pk").values("pk")[:1]).update(label="@SUM(A1)")
    expected["production_financing_xlsx"] = ["@SUM(A1)", "\r=1"]
    # the proof list Le Phare shared with Télé Demo: a line's supplier as frozen
    from montage.web.investments.models import ProofList, ProofListLine
    shared = ProofList.objects.get(investment__work=phare.work)
    ProofListLine.objects.filter(pk=shared.lines.order_by("pk")[0].pk).update(supplier="+1+1")
    expected["investments_proof_list_xlsx"] = ["+1+1"]
    return {"phare": phare, "file": file, "expected": expected, "statement": statement,
            "proof_list": shared}


def url_and_user(name: str, hostile) -> tuple[str, str]:
    if name.startswith("ledger_obligation_export:"):
        phare = hostile["phare"]
        source = FinancingSource.objects.get(project=phare, rule=name.split(":")[1])
        return reverse("ledger_obligation_export", args=[phare.pk, source.pk]), "phare"
    if name == "carbon_report_xlsx":
        return reverse(name, args=[hostile["phare"].pk]), "phare"
    if name == "fund_recoupments_xlsx":
        return reverse(name, args=[2024]), "wallimage"
    if name == "recoupment_statement_xlsx":
        return reverse(name, args=[hostile["statement"].pk]), "phare"
    if name in ("ledger_expenses_xlsx", "production_budget_xlsx", "production_cost_report_xlsx",
                "production_financing_xlsx"):
        return reverse(name, args=[hostile["phare"].pk]), "phare"
    if name in ("work_list_xlsx", "ledger_suppliers_xlsx"):
        return reverse(name), "phare"
    if name == "investments_proof_list_xlsx":
        return reverse(name, args=[hostile["proof_list"].pk]), "tele.demo"
    if name == "obligation_list_xlsx":
        return reverse(name), "tele.demo"
    if name.startswith("annexes_"):
        return reverse(name, args=[hostile["file"].pk]), "tele.demo"
    return reverse(name), "wallimage"


def job_download(client, url: str):
    """A workbook made by a job of the queue: asked for (POST; the tests' queue runs it at
    once), then downloaded from the job's page."""
    from types import SimpleNamespace

    from montage.web.jobs.models import Job

    client.post(url)
    download = client.get(reverse("job_download", args=[Job.objects.latest("pk").pk]))
    return SimpleNamespace(status_code=download.status_code,
                           content=b"".join(download.streaming_content))


def formulas_in_xml(content: bytes) -> set[tuple[str, str]]:
    """(sheet file, coordinate) of every cell holding an <f> element, read from the XML."""
    found = set()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                for cell in re.finditer(r'<c r="([A-Z]+[0-9]+)"[^>]*>(.*?)</c>', xml, re.S):
                    if re.search(r"<f[ >/]", cell.group(2)):
                        found.add((name, cell.group(1)))
    return found


def test_every_xlsx_url_of_the_application_is_covered():
    from django.urls import get_resolver

    def names(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern.url_patterns)
            elif ".xlsx" in str(pattern.pattern):
                yield pattern.name
    assert set(names(get_resolver().url_patterns)) == {name.split(":")[0] for name in EXPORTS}


@pytest.mark.parametrize("export", EXPORTS)
def test_hostile_text_is_stored_as_text_never_as_a_formula(hostile, client, export):
    from django.contrib.auth import get_user_model

    url, username = url_and_user(export, hostile)
    client.force_login(get_user_model().objects.get(username=username))
    response = job_download(client, url) if export.endswith("_job") else client.get(url)
    assert response.status_code == 200, response.content[:500]
    book = load_workbook(io.BytesIO(response.content))
    formulas = {(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows()
                for cell in row if cell.data_type == "f"}
    assert formulas == INTENTIONAL_FORMULAS[export]
    assert len(formulas_in_xml(response.content)) == len(INTENTIONAL_FORMULAS[export])
    texts = {cell.value for sheet in book for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    for typed in hostile["expected"][export]:
        assert read_back(typed) in texts, (export, typed)
        cell = next(cell for sheet in book for row in sheet.iter_rows() for cell in row
                    if cell.value == read_back(typed))
        assert cell.data_type == "s", (export, typed)


def test_the_helper_keeps_every_dangerous_start_as_the_exact_text():
    book = Workbook()
    sheet = book.active
    for row, text in enumerate(HOSTILE, 1):
        xlsx.put(sheet, row, 1, text)
    xlsx.append(sheet, list(HOSTILE))
    content = xlsx.to_bytes(book)
    assert formulas_in_xml(content) == set()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"\r=1" in xml and b'<c r="A1" t="inlineStr">' in xml   # stored as typed, as text
    read = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in read["A"]][:6] == [read_back(t) for t in HOSTILE]
    assert [c.value for c in read[7]] == [read_back(t) for t in HOSTILE]
    assert {c.data_type for row in read.iter_rows() for c in row if c.value is not None} == {"s"}


def test_numbers_dates_and_plain_text_are_written_unchanged():
    import datetime as dt
    from decimal import Decimal

    book = Workbook()
    sheet = book.active
    xlsx.append(sheet, [Decimal("-1234.56"), -3, dt.date(2025, 3, 10), "Caméra", None, "a=b"])
    read = load_workbook(io.BytesIO(xlsx.to_bytes(book))).active
    assert [c.value for c in read[1]] == [-1234.56, -3, dt.datetime(2025, 3, 10), "Caméra",
                                          None, "a=b"]
    assert [c.data_type for c in read[1]][:4] == ["n", "n", "d", "s"]


def test_a_formula_montage_writes_on_purpose_stays_a_formula():
    book = Workbook()
    sheet = book.active
    xlsx.put(sheet, 1, 1, 2)
    xlsx.put(sheet, 2, 1, 3)
    xlsx.formula_cell(sheet, 3, 1, "=SUM(A1:A2)")
    xlsx.put(sheet, 4, 1, "=SUM(A1:A2)")          # the same text, typed by a user
    sheet.cell(5, 1, "=1+1")                        # written past the helper: made text on save
    content = xlsx.to_bytes(book)
    read = load_workbook(io.BytesIO(content)).active
    assert (read["A3"].data_type, read["A3"].value) == ("f", "=SUM(A1:A2)")
    assert (read["A4"].data_type, read["A4"].value) == ("s", "=SUM(A1:A2)")
    assert (read["A5"].data_type, read["A5"].value) == ("s", "=1+1")
    assert formulas_in_xml(content) == {("xl/worksheets/sheet1.xml", "A3")}


def test_a_formula_must_start_with_an_equals_sign():
    with pytest.raises(ValueError):
        xlsx.formula_cell(Workbook().active, 1, 1, "SUM(A1:A2)")

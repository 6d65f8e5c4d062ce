"""A broadcaster's investment is the producer's financing source (docs/web-desks.md): one side
proposes the link, the other confirms; the investment is then the one record of the amount and
the contract date, the source follows it and the producer cannot type them. The producer
shares the Liste Preuves Invest from its ledger: the lines the FWB-spillover rule retains,
frozen with a checksum, read by the editor and the CCA only.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from montage.web.inbox.models import InboxItem
from montage.web.investments import services as investments_services
from montage.web.investments.models import Investment, ProofList
from montage.web.ledger import exports, proof_lists
from montage.web.production import investment_link
from montage.web.production.models import FinancingSource, InvestmentLink, Project
from montage.web.registry.services import Refused

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _phare_link():
    return InvestmentLink.objects.select_related("investment", "source").get(
        project__work__title="Le Phare")


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def test_the_demo_link_is_one_record(demo):
    link = _phare_link()
    investment, source = link.investment, link.source
    assert link.confirmed_at and link.proposed_by_side == "editor"
    assert source.label == "Télé Demo — coproduction" and source.investment_id == investment.pk
    assert (source.amount, source.contracted_on) == (investment.amount, investment.document_date)
    assert source.rule == "spillover" and investment_link.disagreements() == []


def test_the_source_follows_the_investment_and_the_producer_cannot_type_it(demo, login):
    from montage.web.production import services
    from montage.web.production.forms import FinancingSourceForm

    link = _phare_link()
    investment = link.investment
    investment.amount = Decimal("160000.00")
    investment.document_date = dt.date(2024, 10, 15)
    investment.save()
    source = FinancingSource.objects.get(pk=link.source_id)
    assert (source.amount, source.contracted_on) == (Decimal("160000.00"), dt.date(2024, 10, 15))
    assert investment_link.disagreements() == []
    # the producer's form: the figure is the editor's
    data = {name: value for name, value in FinancingSourceForm(
        instance=source, project=source.project, investments=None).initial.items()
        if value is not None}
    data.update(amount="170000,00", status="contracted", contracted_on="2024-10-15")
    form = FinancingSourceForm(data, instance=source, project=source.project, investments=None)
    assert form.is_valid(), form.errors
    with pytest.raises(Refused) as refused:
        services.save_source(form)
    assert "amount" in refused.value.errors
    source.refresh_from_db()
    assert source.amount == Decimal("160000.00") and investment_link.disagreements() == []
    # the link is not a field of the producer's form
    assert "investment" not in FinancingSourceForm.base_fields


def test_the_demo_proof_list_is_the_rules_lines_frozen(demo, login):
    link = _phare_link()
    shared = ProofList.objects.get(investment=link.investment)
    status = exports.assess(link.project, shared.as_of, sources=[link.source]).status_for(
        link.source).status
    retained = {line.expense_id for line in status.lines}
    assert {line.expense_ref for line in shared.lines.all()} == retained
    assert shared.counted == status.counted == sum(l.counted for l in shared.lines.all())
    assert (shared.required, shared.missing, shared.deadline) == (
        status.required, status.missing, status.due_date)
    assert shared.deadline == dt.date(2027, 10, 1)   # three years after the contract
    assert investments_services.proof_list_is_intact(shared)
    url = reverse("investments_proof_list", args=[shared.pk])
    for username in ("tele.demo", "cca", "phare"):
        page = login(username).get(url)
        assert page.status_code == 200, username
        assert "Toujours manquant" in page.content.decode() or "Still missing" in \
            page.content.decode()
    for username in ("streamflix", "ardenne", "canal.prod", "csa", "wallimage",
                     "wallimage.board"):
        assert login(username).get(url).status_code == 403, username
    # the editor and the CCA see the lines retained, never another line of the ledger
    page = login("cca").get(url).content.decode()
    counted = link.project.expenses.exclude(pk__in=[int(r) for r in retained]).exclude(
        number="").values_list("number", flat=True)
    assert not [number for number in counted if f">{number}<" in page]
    # the CCA's investment page shows both sides agree
    page = login("cca").get(reverse("investments_investment", args=[link.investment_id]))
    assert 'id="sides-agree"' in page.content.decode()
    line = shared.lines.first()
    line.counted += 1
    line.save()
    assert not investments_services.proof_list_is_intact(shared)


@pytest.fixture
def nuit_blanche_prepurchase(demo):
    """Télé Demo pre-purchases Nuit Blanche from Les Films du Phare (no source yet)."""
    project = Project.objects.get(work__title="Nuit Blanche")
    tele = Investment.objects.filter(editor__organisation__name="Télé Demo").first().editor
    return Investment.objects.create(
        editor=tele, obligation=tele.obligations.get(year=2025), work=project.work,
        category="prepurchase", producer=project.owner.company, amount=Decimal("40000.00"),
        document_date=dt.date(2025, 6, 2))


def test_the_editor_proposes_and_the_producer_confirms(nuit_blanche_prepurchase, login):
    investment = nuit_blanche_prepurchase
    project = Project.objects.get(work__title="Nuit Blanche")
    link_url = reverse("investments_investment_link", args=[investment.pk])
    for username in ("phare", "cca", "streamflix"):
        assert login(username).post(link_url).status_code == 403, username
    assert login("tele.demo").post(link_url).status_code == 302
    link = InvestmentLink.objects.get(investment=investment)
    assert link.project == project and link.confirmed_at is None
    assert InboxItem.objects.filter(organisation=project.owner,
                                    event="investment_linked").exists()
    # the editor cannot confirm its own proposal
    with pytest.raises(Refused):
        investment_link.confirm(link, "editor", _user("tele.demo"))
    confirm = reverse("production_investment_link_confirm", args=[project.pk, link.pk])
    for username in ("ardenne", "tele.demo", "cca", "wallimage"):
        assert login(username).post(confirm).status_code == 403, username
    page = login("phare").get(reverse("production_investment_links", args=[project.pk]))
    assert page.status_code == 200 and f'id="confirm-{link.pk}"' in page.content.decode()
    assert login("phare").post(confirm, {"source": ""}).status_code == 302
    link.refresh_from_db()
    source = link.source
    assert link.confirmed_by.username == "phare"
    assert (source.amount, source.contracted_on, source.source_type, source.rule) == (
        Decimal("40000.00"), dt.date(2025, 6, 2), "broadcaster_prepurchase", "spillover")
    assert InboxItem.objects.filter(organisation=investment.editor.organisation,
                                    event="investment_linked").count() >= 1
    # sharing: only the producer; the editor and the CCA are told
    share = reverse("production_proof_list_share", args=[project.pk, link.pk])
    for username in ("ardenne", "tele.demo", "cca"):
        assert login(username).post(share).status_code == 403, username
    assert login("phare").post(share, {"as_of": "31/02/2026"}).status_code == 400
    assert not ProofList.objects.filter(investment=investment).exists()
    response = login("phare").post(share, {"as_of": "2026-12-01"})
    shared = ProofList.objects.get(investment=investment)
    assert response.url == reverse("investments_proof_list", args=[shared.pk])
    for organisation in (investment.editor.organisation_id, ):
        assert InboxItem.objects.filter(organisation_id=organisation,
                                        event="proof_list_shared").exists()
    assert InboxItem.objects.filter(organisation__kind="cca", event="proof_list_shared").exists()


def test_the_producer_proposes_and_the_editor_confirms(nuit_blanche_prepurchase, login):
    investment = nuit_blanche_prepurchase
    project = Project.objects.get(work__title="Nuit Blanche")
    source = FinancingSource.objects.create(
        project=project, source_type="broadcaster_prepurchase", label="Télé Demo — achat",
        amount=Decimal("35000.00"), status="requested")
    propose = reverse("production_investment_link_propose", args=[project.pk])
    assert login("ardenne").post(propose, {"investment": investment.pk,
                                           "source": source.pk}).status_code == 403
    login("phare").post(propose, {"investment": investment.pk, "source": source.pk})
    link = InvestmentLink.objects.get(investment=investment)
    assert link.source == source and link.proposed_by_side == "producer"
    source.refresh_from_db()
    assert source.amount == Decimal("35000.00")   # not the investment's until confirmed
    with pytest.raises(Refused):
        proof_lists.share(link, TODAY, _user("phare"))
    login("tele.demo").post(reverse("investments_investment_link", args=[investment.pk]))
    source.refresh_from_db()
    assert source.amount == Decimal("40000.00") and source.status == "contracted"
    assert investment_link.disagreements() == []


def test_a_work_not_in_montage_keeps_the_typed_list(demo):
    brumes = Investment.objects.get(editor__organisation__name="Télé Demo",
                                    work__title="Les Brumes de Meuse", obligation__year=2024,
                                    category="coproduction")
    with pytest.raises(Refused):
        investment_link.propose_from_investment(brumes, None)
    assert brumes.spillover_proofs.exists()   # the typed Liste Preuves Invest stays


def test_the_api_links_and_shares_through_the_same_services(nuit_blanche_prepurchase, login):
    investment = nuit_blanche_prepurchase
    client = login("tele.demo")
    response = client.post(f"/api/investments/{investment.pk}/link")
    assert response.status_code == 201, response.content
    link = response.json()
    assert link["confirmed_at"] is None and link["proposed_by_side"] == "editor"
    assert client.post(f"/api/investments/{investment.pk}/link").status_code == 409
    # another editor does not link, another producer does not confirm
    assert login("streamflix").post(f"/api/investments/{investment.pk}/link").status_code == 403
    assert login("ardenne").post(f"/api/investment-links/{link['id']}/confirm", {},
                                 content_type="application/json").status_code == 403
    client = login("phare")
    other = FinancingSource.objects.exclude(project__work=investment.work).order_by("pk")[0]
    wrong = client.post(f"/api/investment-links/{link['id']}/confirm", {"source": other.pk},
                        content_type="application/json")
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"][-1] == "source"
    response = client.post(f"/api/investment-links/{link['id']}/confirm", {},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["source"]
    source = FinancingSource.objects.get(pk=response.json()["source"])
    assert source.amount == investment.amount and investment_link.disagreements() == []
    assert login("ardenne").post(f"/api/investment-links/{link['id']}/proof-lists",
                                 {"as_of": "2026-12-01"},
                                 content_type="application/json").status_code == 403
    client = login("phare")
    response = client.post(f"/api/investment-links/{link['id']}/proof-lists",
                           {"as_of": "2026-12-01"}, content_type="application/json")
    assert response.status_code == 201
    shared = response.json()
    assert shared["intact"] and shared["required"] == str(
        ProofList.objects.get(pk=shared["id"]).required)
    for username, status in (("cca", 200), ("tele.demo", 200), ("csa", 403),
                             ("ardenne", 403), ("wallimage", 403)):
        assert login(username).get(f"/api/proof-lists/{shared['id']}").status_code == status


def test_the_proof_list_workbook_equals_the_page(demo, login):
    """The shared proof list as .xlsx: the page's figures and lines, amounts as number cells
    and dates as date cells; the page's readers only."""
    import io

    from openpyxl import load_workbook

    from montage.money import format_money

    shared = ProofList.objects.get(investment__work__title="Le Phare")
    url = reverse("investments_proof_list_xlsx", args=[shared.pk])
    assert reverse("investments_proof_list", args=[shared.pk]) in url
    page = login("tele.demo").get(reverse("investments_proof_list", args=[shared.pk]))
    assert url in page.content.decode()
    for username, status in (("tele.demo", 200), ("cca", 200), ("phare", 200), ("csa", 403),
                             ("ardenne", 403), ("wallimage", 403), ("streamflix", 403)):
        assert login(username).get(url).status_code == status, username
    response = login("cca").get(url)
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    cells = {row[0].value: row[1] for row in book.active.iter_rows(max_col=2) if row[0].value}

    def money(cell):
        assert cell.data_type == "n" and cell.number_format == "#,##0.00"
        return Decimal(str(cell.value)).quantize(Decimal("0.01"))

    from django.utils.translation import gettext as _, override

    with override("fr"):   # the labels as the page words them
        labels = [_(m) for m in ("Investment", "Spillover required", "Spillover counted",
                                 "Still missing", "Three years after the contract")]
        columns = [_(m) for m in ("Invoice number", "Supplier", "Territory", "Account", "Date",
                                  "Amount excl. VAT", "Counted", "Verdict")]
    for label in labels + columns:
        assert label in page.content.decode()
    assert [money(cells[label]) for label in labels[:4]] == [
        shared.investment.amount, shared.required, shared.counted, shared.missing]
    deadline = cells[labels[4]]
    assert deadline.is_date and deadline.value.date() == shared.deadline
    # the lines as on the page, in its order
    header = rows.index(columns)
    lines = list(shared.lines.all())
    assert len(rows) - header - 1 == len(lines) > 0
    for line, row in zip(lines, book.active.iter_rows(min_row=header + 2)):
        assert [c.value or "" for c in row[:4]] == [line.number or line.expense_ref,
                                                    line.supplier, line.territory, line.account]
        assert row[4].value.date() == line.date and row[4].number_format == "DD/MM/YYYY"
        assert money(row[5]) == line.amount and money(row[6]) == line.counted
        assert (row[7].value or "") == line.verdict
    # the page shows the same figures, in Belgian money
    shown = page.content.decode().translate(str.maketrans({"\u202f": " ", "\xa0": " "}))
    for figure in (shared.required, shared.counted, shared.missing):
        assert format_money(figure).translate(str.maketrans({"\u202f": " ", "\xa0": " "})) \
            in shown

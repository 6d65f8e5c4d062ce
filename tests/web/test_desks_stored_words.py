"""What the system writes and keeps (a notice, a frozen dossier, a spend report, a proof list)
reads in its reader's language; what a person typed (a question, a reason) is shown as written,
marked as such (docs/web-desks.md, "Words kept and words typed")."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from montage.web.fund import rules, services as fund_services
from montage.web.fund.models import Application, SpendReport
from montage.web.inbox.models import InboxItem
from montage.web.inbox.services import notify
from montage.web.investments.models import ProofList
from montage.web.registry.models import Organisation

pytestmark = pytest.mark.django_db


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_notice_reads_in_its_readers_language_and_quotes_the_writer(demo):
    phare = Organisation.objects.get(name="Les Films du Phare")
    [item] = notify([phare], "decision", fund_services.DECISION_SUBJECTS["accepted"],
                    params={"work": "Le Phare"}, quote="Bravo pour le dossier.")
    with translation.override("fr"):
        assert item.text == "Le Phare : candidature acceptée"
    with translation.override("en"):
        assert item.text == "Le Phare: application accepted"
    assert item.quote == "Bravo pour le dossier."
    # a notice written before subjects were kept as messages reads as stored
    old = InboxItem.objects.create(organisation=phare, event="decision",
                                   subject="Le Phare: accepté")
    with translation.override("en"):
        assert old.text == "Le Phare: accepté"


def test_the_demo_questions_and_reasons_are_quoted_not_written_in_the_notice(demo, login):
    rejected = InboxItem.objects.get(event="line_rejected")
    assert "TVA" in rejected.quote and "TVA" not in rejected.subject
    asked = InboxItem.objects.filter(event="question_asked").first()
    assert asked.quote and asked.quote not in asked.subject
    page = _page(login("phare"), reverse("inbox"), "en")
    assert f'<q class="typed">{rejected.quote}</q>' in page


def test_the_filed_dossier_keeps_codes_and_reads_in_the_readers_language(demo):
    application = Application.objects.get(work__title="Le Phare")
    kept = application.dossier
    assert {row["type"] for row in kept["financing"]} <= {
        "public_aid", "regional_fund", "tax_shelter", "broadcaster_coproduction",
        "broadcaster_prepurchase", "broadcaster_commission", "coproducer", "equity", "loan",
        "other"}
    with translation.override("en"):
        english = rules.dossier_view(kept)
    with translation.override("fr"):
        french = rules.dossier_view(kept)
    assert "public aid (CCA…)" in {row["type"] for row in english["financing"]}
    assert "aide publique (CCA…)" in {row["type"] for row in french["financing"]}
    # the pre-check's sentences too: kept in French, and in English beside them
    if kept.get("precheck") and kept["precheck"]["rows"][0].get("steps"):
        assert english["precheck"]["rows"][0]["steps"] != french["precheck"]["rows"][0]["steps"]
    # a dossier filed before codes were kept holds the filer's labels: read back to the choice
    old = {**kept, "financing": [{**row, "type": "aide publique (CCA…)", "status": "à confirmer"}
                                 for row in kept["financing"]][:1]}
    old.pop("precheck", None)
    with translation.override("en"):
        row = rules.dossier_view(old)["financing"][0]
    assert row["type"] == "public aid (CCA…)" and row["status"] == "à confirmer"


def test_a_spend_report_is_kept_in_french_and_read_in_english(demo, login):
    report = SpendReport.objects.get(tranche__commitment__application__work__title="Le Phare")
    lines = list(report.lines.all())
    english = report.words["en"]
    assert len(english["lines"]) == len(lines) and english["rule"] != report.rule
    # the checksum is the kept (French) lines'
    assert fund_services.report_is_intact(report)
    url = reverse("fund_spend_report", args=[report.pk])
    client = login("wallimage")
    page = _page(client, url, "en")
    assert english["rule"] in page
    differing = [(line, words) for line, words in zip(lines, english["lines"])
                 if line.territory != words[0]]
    assert differing
    line, (territory, _verdict) = differing[0]
    assert territory in page and line.territory not in page
    assert line.territory in _page(client, url, "fr")
    # a report kept before its captions were kept in every language reads as kept
    report.words = {}
    report.save()
    assert line.territory in _page(client, url, "en")


def test_a_proof_list_reads_in_the_readers_language_page_and_api(demo, login):
    shared = ProofList.objects.order_by("pk").first()
    english = shared.words["en"]
    line = shared.lines.order_by("position").first()
    territory, verdict = english["lines"][0]
    client = login("cca")
    page = _page(client, reverse("investments_proof_list", args=[shared.pk]), "en")
    assert territory in page and (not verdict or verdict in page)
    with translation.override("en"):
        worded = fund_services.in_reader_language(shared, shared.lines.all())
    assert worded["lines"][0].territory == territory
    assert worded["explanation"] == english["explanation"]
    line.refresh_from_db()  # nothing was saved
    assert line.territory == shared.lines.order_by("position").first().territory


def test_the_history_quotes_the_analysts_reason(demo, login):
    report = SpendReport.objects.get(tranche__commitment__application__work__title="Le Phare")
    reason = report.lines.exclude(rejected_reason="").get().rejected_reason
    page = _page(login("wallimage"), reverse("fund_spend_report", args=[report.pk]), "en")
    assert f'<q class="typed">{reason}</q>' in page


def test_a_decision_agrees_with_its_noun_in_the_history():
    from montage.web.investments.models import Investment
    from montage.web.registry.history import decision_label

    with translation.override("fr"):
        assert decision_label("accepted", Application) == "acceptée"
        assert decision_label("refused", Application) == "refusée"
        assert decision_label("refused", Investment) == "refusé"
    with translation.override("en"):
        assert decision_label("refused", Application) == "refused"

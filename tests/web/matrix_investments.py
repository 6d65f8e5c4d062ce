"""Permission-matrix rows of step 2 (merged by test_permissions.py).

MATRIX: (url name, object key or None) -> users allowed to GET it (200); other logged-in users
get 403, anonymous users the login page. OBJECTS(): extra object keys -> primary keys.
POST_ONLY: url names that only accept POST (tested, each role included, in test_investments.py).
"""

from tests.web.roles import EDITORS, PRODUCERS, REGULATORS

MATRIX: dict = {
    ("investments_index", None): EDITORS | REGULATORS | PRODUCERS,
    ("investments_register", "s2_tele_2024"): {"tele.demo"} | REGULATORS,
    ("investments_register", "s2_stream_2024"): {"streamflix"} | REGULATORS,
    ("investments_investment_new", "s2_tele_2024"): {"tele.demo"},
    ("investments_committee", "s2_tele_2024"): {"tele.demo"} | REGULATORS,
    ("investments_smoothing", "s2_tele"): {"tele.demo"} | REGULATORS,
    ("investments_smoothing", "s2_horizon"): REGULATORS,
    ("investments_payments", "s2_stream"): {"streamflix"} | REGULATORS,
    ("investments_payments", "s2_horizon"): REGULATORS,
    ("investments_investment", "s2_brumes"): {"tele.demo", "ardenne"} | REGULATORS,
    ("investments_investment", "s2_confidential"): {"tele.demo"} | REGULATORS,
    ("investments_investment", "s2_prepurchase"): {"tele.demo", "canal.prod"} | REGULATORS,
    ("investments_investment_edit", "s2_brumes"): {"tele.demo"},
    ("investments_investment_status", "s2_brumes"): {"cca"},
    ("investments_spillover", "s2_brumes"): {"tele.demo", "ardenne"} | REGULATORS,
    ("investments_spillover", "s2_confidential"): {"tele.demo"} | REGULATORS,
    ("investments_document", "s2_document"): {"tele.demo", "ardenne"} | REGULATORS,
    ("investments_document", "s2_confidential_document"): {"tele.demo"} | REGULATORS,
    # Ardenne: Télé Demo and Canal Quartier invest with it; Boréal: Télé Demo only
    ("investments_independence", "s2_ardenne"): {"tele.demo", "quartier", "ardenne"} | REGULATORS,
    ("investments_independence", "s2_boreal"): {"tele.demo"} | REGULATORS,
    # Le Phare: Télé Demo's coproduction, linked to Les Films du Phare's source; the proof list
    # the producer shared: its editor, the CCA and the producer, nobody else (not the CSA)
    ("investments_investment", "s2_phare"): {"tele.demo", "phare"} | REGULATORS,
    ("investments_proof_list", "s2_phare_proof_list"): {"tele.demo", "cca", "phare"},
    ("investments_proof_list_xlsx", "s2_phare_proof_list"): {"tele.demo", "cca", "phare"},
}
POST_ONLY: set = {"investments_investment_decide", "investments_file_investments", "investments_document_upload", "investments_spillover_missing",
                  "investments_payment_create", "investments_payment_update",
                  # test_desks_investment_link: the editor proposes or confirms
                  "investments_investment_link"}


def _document(investment, name: str, confidential: bool):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from montage.web.contribution.models import Attachment

    path = f"attachments/tests/{name}"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(b"contrat"))
    return Attachment.objects.get_or_create(
        investment=investment, checklist_key="signed_contract", file=path,
        defaults=dict(confidential=confidential,
                      uploaded_by=get_user_model().objects.get(username="tele.demo")))[0]


def OBJECTS() -> dict:
    from montage.web.contribution.models import EditorProfile
    from montage.web.investments.models import Investment, ProofList
    from montage.web.registry.models import Company, Work

    def editor(name):
        return EditorProfile.objects.get(organisation__name=name)

    tele = editor("Télé Demo")
    brumes = Investment.objects.get(editor=tele, obligation__year=2024, category="coproduction",
                                    work__title="Les Brumes de Meuse")
    confidential = Investment.objects.get(editor=tele, confidential=True)
    return {
        "s2_tele": tele.pk, "s2_stream": editor("StreamFlix Europe").pk,
        "s2_horizon": editor("Vidéo Horizon").pk,
        "s2_tele_2024": tele.obligations.get(year=2024).pk,
        "s2_stream_2024": editor("StreamFlix Europe").obligations.get(year=2024).pk,
        "s2_brumes": brumes.pk, "s2_confidential": confidential.pk,
        "s2_prepurchase": Investment.objects.get(
            editor=tele, obligation__year=2024, category="prepurchase",
            work=Work.objects.get(title="Quartier Nord")).pk,
        "s2_document": _document(brumes, "matrix-contract.txt", False).pk,
        "s2_confidential_document": _document(brumes, "matrix-confidential.txt", True).pk,
        "s2_ardenne": Company.objects.get(name="Ardenne Films").pk,
        "s2_boreal": Company.objects.get(name="Boréal Productions").pk,
        "s2_phare": Investment.objects.get(editor=tele, work__title="Le Phare").pk,
        "s2_phare_proof_list": ProofList.objects.get(investment__work__title="Le Phare").pk,
    }

"""Permission-matrix rows of this area (merged by test_permissions.py).

MATRIX: (url name, object key or None) -> users allowed to GET it (200); other logged-in users
get 403, anonymous users the login page. OBJECTS(): extra object keys -> primary keys.
POST_ONLY: url names that only accept POST (tested in the area's own tests, each role included).

Step 1 is read by the file's editor, the CSA and the CCA; producers and funds see none of it.
Filing is for the file's editor_officer, deciding for the CSA analyst (tests/web/test_contribution.py).
"""

from tests.web.roles import EDITORS, REGULATORS

MATRIX: dict = {
    ("contribution_list", None): EDITORS | REGULATORS,
    ("contribution_file", "tele_2024"): {"tele.demo"} | REGULATORS,
    ("contribution_file", "tele_2026"): {"tele.demo"} | REGULATORS,
    ("contribution_file", "stream_2025"): {"streamflix"} | REGULATORS,
    ("contribution_file", "quartier_2025"): {"quartier"} | REGULATORS,
    # editing a draft line: its editor only (the CSA and the CCA read the file, never edit)
    ("contribution_line_edit", "tele_2026_line"): {"tele.demo"},
    # a private document: served only to those who read the file
    ("contribution_attachment", "tele_2025_attachment"): {"tele.demo"} | REGULATORS,
}
POST_ONLY: set = {"contribution_open_year", "contribution_choice", "contribution_line_add", "contribution_line_delete",
                  "contribution_facts", "contribution_attachment_add", "contribution_submit", "contribution_question_ask",
                  "contribution_question_answer", "contribution_decide", "contribution_presume"}


def attachment_for_matrix(obligation):
    """An attachment whose file exists in the media storage (written once, then reused)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from montage.web.contribution.models import Attachment

    name = "attachments/matrix/step1-attestation.txt"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"attestation de la regie\n"))
    attachment, _ = Attachment.objects.get_or_create(
        obligation=obligation, checklist_key="ad_sales_attestation", defaults=dict(
            file=name, confidential=True,
            uploaded_by=get_user_model().objects.get(username="tele.demo")))
    return attachment


def OBJECTS() -> dict:
    from montage.web.contribution.models import ObligationYear, TurnoverLine

    def file(editor, year):
        return ObligationYear.objects.get(editor__organisation__name=editor, year=year)

    tele_2026 = file("Télé Demo", 2026)
    return {
        "tele_2024": file("Télé Demo", 2024).pk, "tele_2026": tele_2026.pk,
        "stream_2025": file("StreamFlix Europe", 2025).pk,
        "quartier_2025": file("Canal Quartier", 2025).pk,
        "tele_2026_line": TurnoverLine.objects.filter(
            declaration__obligation=tele_2026).order_by("pk").first().pk,
        "tele_2025_attachment": attachment_for_matrix(file("Télé Demo", 2025)).pk,
    }

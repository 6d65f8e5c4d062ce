"""Permission-matrix rows of recoupment (merged by test_permissions.py).

The work's recoupment page follows its project (Les Films du Phare's producer managers; a
superuser reads). A statement is read by the project's readers and, once sent, by its
beneficiary's organisation only: Wallimage's statement by Wallimage's analysts and board, Télé
Demo's by Télé Demo, never the other's. Every desk lists the statements addressed to it.
"""

from tests.web.roles import DESKLESS, FUND, LOGGED_IN

READERS = {"phare", "admin"}

MATRIX: dict = {
    ("recoupment_project", "phare_project"): READERS,
    ("recoupment_received", None): LOGGED_IN - DESKLESS,
    ("recoupment_statement", "phare_wallimage_statement"): READERS | FUND,
    ("recoupment_statement_pdf", "phare_wallimage_statement"): READERS | FUND,
    ("recoupment_statement_xlsx", "phare_wallimage_statement"): READERS | FUND,
    ("recoupment_statement", "phare_tele_statement"): READERS | {"tele.demo"},
    ("recoupment_statement_xlsx", "phare_tele_statement"): READERS | {"tele.demo"},
    ("recoupment_statement", "phare_tax_shelter_statement"): READERS,
    # correcting a receipt: the project's owner only (a superuser reads, does not write)
    ("recoupment_receipt_edit", "phare_receipt"): {"phare"},
}
# test_recoupment: the owner writes; the beneficiary fund's analysts mark paid
POST_ONLY: set = {"recoupment_receipt_new", "recoupment_receipt_cancel",
                  "recoupment_corridor_new", "recoupment_share_new", "recoupment_share_delete",
                  "recoupment_statements_issue", "recoupment_statement_send",
                  "recoupment_statement_paid", "recoupment_receipts_import"}


def OBJECTS() -> dict:
    from montage.web.recoupment.models import Receipt, Statement

    statements = Statement.objects.filter(project__work__title="Le Phare")
    return {"phare_wallimage_statement": statements.get(
                source__financier__name="Wallimage").pk,
            "phare_tele_statement": statements.get(source__financier__name="Télé Demo").pk,
            "phare_tax_shelter_statement": statements.get(source__source_type="tax_shelter").pk,
            "phare_receipt": tuple(Receipt.objects.filter(project__work__title="Le Phare")
                                   .order_by("pk").values_list("project_id", "pk")[:1][0])}

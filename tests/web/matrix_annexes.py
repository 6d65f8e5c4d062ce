"""Permission-matrix rows of the annexes area (merged by test_permissions.py): the annex
workbooks and the committee PDF of an obligation file are for its editor, the CSA and the CCA.
Imports (POST on annexes_documents) are tested in test_annexes.py, role by role.

MATRIX: (url name, object key or None) -> users allowed to GET it (200); other logged-in users
get 403, anonymous users the login page. OBJECTS(): extra object keys -> primary keys.
POST_ONLY: url names that only accept POST (tested in the area's own tests, each role included).
"""

from tests.web.roles import REGULATORS

URLS = ("annexes_documents", "annexes_formulaire_ca", "annexes_recap_invest",
        "annexes_preuves_invest", "annexes_committee_pdf")
FILES = {"tele_2024": "tele.demo", "stream_2024": "streamflix", "quartier_2025": "quartier"}

MATRIX: dict = {(name, key): {editor} | REGULATORS for name in URLS
                for key, editor in FILES.items()}
POST_ONLY: set = set()


def OBJECTS() -> dict:
    return {}

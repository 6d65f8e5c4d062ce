"""Permission-matrix rows of the inbox (merged by test_permissions.py): every member of a desk
reads the inbox of its organisations; users without a desk get 403."""

from tests.web.roles import DESKLESS, LOGGED_IN

MATRIX: dict = {("inbox", None): LOGGED_IN - DESKLESS}
POST_ONLY: set = {"inbox_read"}  # test_desks_inbox: the organisation's members only


def OBJECTS() -> dict:
    return {}

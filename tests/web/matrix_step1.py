"""Permission-matrix rows of this area (merged by test_permissions.py).

MATRIX: (url name, object key or None) -> users allowed to GET it (200); other logged-in users
get 403, anonymous users the login page. OBJECTS(): extra object keys -> primary keys.
POST_ONLY: url names that only accept POST (tested in the area's own tests, each role included).
"""

MATRIX: dict = {}
POST_ONLY: set = set()


def OBJECTS() -> dict:
    return {}

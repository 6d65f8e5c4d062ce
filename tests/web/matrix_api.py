"""Permission-matrix rows of this area (merged by test_permissions.py).

The API's routes live in one URL namespace, "api" (django-ninja names them inside it), so the
page matrix sees a single name, "api". Its routes answer 401 (not a redirect to the login page)
to anonymous callers and take JSON bodies, so they are not GET-tested by the page matrix: the
name is listed in POST_ONLY, the only hook test_permissions.py reads besides MATRIX, and EVERY
API route × EVERY demo user is tested in tests/web/test_api_permissions.py, which also fails if a
route of the namespace is missing from its own matrix.

MATRIX: (url name, object key or None) -> users allowed to GET it (200); other logged-in users
get 403, anonymous users the login page. OBJECTS(): extra object keys -> primary keys.
POST_ONLY: url names that only accept POST (tested in the area's own tests, each role included).
"""

MATRIX: dict = {}
POST_ONLY: set = {"api"}  # the whole "api" namespace: see tests/web/test_api_permissions.py


def OBJECTS() -> dict:
    return {}

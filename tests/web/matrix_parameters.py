"""Permission-matrix rows of the legal parameters (merged by test_permissions.py).

The CSA and the CCA read the parameters; only the CCA enters a value (POST-only
`parameters_enter`, every role tested in tests/web/test_parameters.py). Editors, producers, funds
and users without a desk are refused.
"""

from tests.web.roles import REGULATORS

MATRIX: dict = {
    ("parameters_list", None): REGULATORS,
    ("parameters_detail", "cpi"): REGULATORS,
}
POST_ONLY: set = {"parameters_enter"}


def OBJECTS() -> dict:
    return {"cpi": "contribution.consumer_price_index"}

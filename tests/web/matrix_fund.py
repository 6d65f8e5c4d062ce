"""Permission-matrix rows of this area (merged by test_permissions.py).

MATRIX: (url name, object key or None) -> users allowed to GET it (200); other logged-in users
get 403, anonymous users the login page. OBJECTS(): extra object keys -> primary keys.
POST_ONLY: url names that only accept POST (tested in the area's own tests, each role included).

The regional fund's annual report: fund analysts and board members of the fund organisation
(permissions.can_view_fund_report); the CSA, the CCA, editors and producers are refused.
"""

from tests.web.roles import FUND

MATRIX: dict = {
    ("fund_report", None): FUND,
    ("fund_reconciliation", None): FUND,
    ("fund_report_xlsx", None): FUND,
    ("fund_report_pdf", None): FUND,
    ("fund_report_table", "fund_table_live_types"): FUND,
    ("fund_report_table", "fund_table_gaming"): FUND,
}
POST_ONLY: set = set()


def OBJECTS() -> dict:
    # the tables are identified by the report's section number, not by a database key
    return {"fund_table_live_types": "2.2.2.2", "fund_table_gaming": "4.2.6"}

"""Permission-matrix rows of the carbon footprint (merged by test_permissions.py).

A project's footprint, report and exports are read by the producer that owns it (`phare` for the
demo's "Le Phare"), by a superuser (`admin`), and by the fund users of a fund its financing plan
names or its work applied to (Wallimage finances "Le Phare"); its records (activities,
spend-based factors, posts, green plan, actions) are written by the owning producer only. The
fund's portfolio page is the fund's users'.
"""

from tests.web.roles import FUND

OWNER = {"phare"}
READERS = OWNER | {"admin"} | FUND

MATRIX: dict = {
    ("carbon_project", "phare_project"): READERS,
    ("carbon_report_xlsx", "phare_project"): READERS,
    ("carbon_report_pdf", "phare_project"): READERS,
    ("carbon_activity_new", "phare_project"): OWNER,
    ("carbon_activity_edit", "phare_activity"): OWNER,
    ("carbon_activity_import", "phare_project"): OWNER,
    ("carbon_spend_factors", "phare_project"): OWNER,
    ("carbon_posts", "phare_project"): READERS,
    ("carbon_green_plan", "phare_project"): OWNER,
    ("carbon_certificate", "phare_project"): READERS,
    ("carbon_action_new", "phare_project"): OWNER,
    ("carbon_fund_portfolio", None): FUND,
}
# test_carbon: the owner only, a reason required to cancel
POST_ONLY: set = {"carbon_activity_cancel", "carbon_action_cancel"}


def OBJECTS() -> dict:
    from montage.web.carbon.models import Activity
    from montage.web.production.models import Project

    project = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    return {"phare_activity": (project.pk, Activity.objects.filter(project=project).first().pk)}

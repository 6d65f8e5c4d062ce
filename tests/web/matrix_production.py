"""Permission-matrix rows of the production desk (merged by test_permissions.py).

A project is read and edited by the producer managers of its owner organisation (`phare` for
the demo's Les Films du Phare); a superuser (`admin`) reads it but edits nothing; everyone else
gets 403. The project list is open to every producer-desk user (their own projects, possibly
none) and to superusers; creating a project to producer-desk users only.
"""

from tests.web.roles import PRODUCERS

OWNER = {"phare"}
READERS = OWNER | {"admin"}

MATRIX: dict = {
    ("production_projects", None): PRODUCERS | {"admin"},
    ("production_project_new", None): PRODUCERS,
    ("production_project", "phare_project"): READERS,
    ("production_project_edit", "phare_project"): OWNER,
    ("production_shares", "phare_project"): OWNER,
    ("production_credits", "phare_project"): OWNER,
    ("production_accounts", "phare_project"): READERS,
    ("production_account_edit", "phare_account"): OWNER,
    ("production_fringes", "phare_project"): READERS,
    ("production_budget", "phare_project"): READERS,
    ("production_budget_version", "phare_baseline"): READERS,
    ("production_line_new", "phare_project"): OWNER,
    ("production_line_edit", "phare_line"): OWNER,
    ("production_top_sheet", "phare_project"): READERS,
    ("production_budget_import", "phare_project"): OWNER,
    ("production_orders", "phare_project"): READERS,
    ("production_cost_report", "phare_project"): READERS,
    ("production_budget_xlsx", "phare_project"): READERS,      # the pages' readers
    ("production_budget_pdf", "phare_project"): READERS,
    ("production_cost_report_xlsx", "phare_project"): READERS,
    ("production_cost_report_pdf", "phare_project"): READERS,
    ("production_financing_xlsx", "phare_project"): READERS,
    ("production_cost_account", "phare_account"): READERS,
    ("production_financing", "phare_project"): READERS,
    ("production_source_new", "phare_project"): OWNER,
    ("production_source_edit", "phare_source"): OWNER,
    ("production_tranche_new", "phare_source"): OWNER,
    ("production_project", "nuit_blanche"): READERS,
    # applying to a fund's call from the project (the producer's side of the fund's desk)
    ("production_apply", "phare_project"): OWNER,
    ("production_application", "phare_application"): READERS,
    ("production_precheck", "phare_project"): READERS,
    # broadcasters' investments in the work: the owner only (the editor has its own page)
    ("production_investment_links", "phare_project"): OWNER,
}
POST_ONLY: set = {"production_credit_delete", "production_account_delete",
                  "production_version_new", "production_line_delete",
                  "production_tranches_generate", "production_tranche_receive",
                  # test_production_corrections: the owner only, a reason required to cancel
                  "production_line_cancel", "production_source_cancel",
                  "production_source_delete",
                  # test_desks_fund_link: the owner answers, another producer gets 403
                  "production_question_answer",
                  # test_desks_investment_link: the owner proposes, confirms and shares
                  "production_investment_link_propose", "production_investment_link_confirm",
                  "production_proof_list_share"}


def OBJECTS() -> dict:
    from montage.web.production.models import BudgetLine, FinancingSource, Project

    project = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    line = BudgetLine.objects.filter(version__project=project, version__is_current=True).first()
    source = FinancingSource.objects.get(project=project, source_type="broadcaster_coproduction")
    # object keys: several URL patterns take two keys; the matrix passes a tuple
    return {"phare_project": project.pk,
            "nuit_blanche": Project.objects.get(work__title="Nuit Blanche").pk,
            "phare_account": (project.pk, project.accounts.get(code="07.01").pk),
            "phare_baseline": (project.pk, 1),
            "phare_line": (project.pk, line.pk),
            "phare_source": (project.pk, source.pk),
            "phare_application": (project.pk, project.sources.get(
                application__isnull=False).application_id)}

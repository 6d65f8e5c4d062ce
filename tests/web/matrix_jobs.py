"""Permission-matrix rows of the jobs of the queue (merged by test_permissions.py): a job's page,
progress and download are for the user who asked for it, while that user may still see what
it works on (permissions.can_view_job): `phare`'s budget import of Le Phare, `wallimage`'s
annual report PDF. The list of one's own jobs: every logged-in user."""

from tests.web.roles import LOGGED_IN

MATRIX: dict = {
    ("job_list", None): LOGGED_IN,
    ("job_detail", "job_budget"): {"phare"},
    ("job_progress", "job_budget"): {"phare"},
    ("job_detail", "job_report"): {"wallimage"},
    ("job_download", "job_report"): {"wallimage"},
}
POST_ONLY: set = {"job_retry", "fund_report_pdf_job", "fund_report_xlsx_job"}  # test_jobs.py


def OBJECTS() -> dict:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from montage.web.jobs.models import Job
    from montage.web.permissions import fund_desk_organisation_ids
    from montage.web.production.models import Project

    users = get_user_model().objects
    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    budget, _ = Job.objects.get_or_create(
        kind=Job.Kind.BUDGET_IMPORT, created_by=users.get(username="phare"),
        defaults=dict(params={"project": phare.pk}, file_name="devis.csv", status="done",
                      outcome={"lines": 2, "version": 3}))
    wallimage = users.get(username="wallimage")
    report, _ = Job.objects.get_or_create(
        kind=Job.Kind.FUND_REPORT_PDF, created_by=wallimage,
        defaults=dict(params={"organisation": min(fund_desk_organisation_ids(wallimage))},
                      status="done", result_name="wallimage-2024-tables.pdf"))
    if not report.result:
        report.result.name = default_storage.save("jobs/out/matrice.pdf",
                                                  ContentFile(b"%PDF-1.4\n"))
        report.save(update_fields=["result"])
    return {"job_budget": budget.pk, "job_report": report.pk}

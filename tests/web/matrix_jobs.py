"""Permission-matrix rows of the jobs of the queue (merged by test_permissions.py): a job's page,
progress and download are for the user who asked for it, while that user may still see what
it works on (permissions.can_view_job): `phare`'s budget import of Le Phare, `wallimage`'s
annual report PDF, `phare`'s carbon report of Le Phare, `cca`'s committee report of Télé Demo
2024. The list of one's own jobs: every logged-in user."""

from tests.web.roles import LOGGED_IN

MATRIX: dict = {
    ("job_list", None): LOGGED_IN,
    ("job_detail", "job_budget"): {"phare"},
    ("job_progress", "job_budget"): {"phare"},
    ("job_detail", "job_report"): {"wallimage"},
    ("job_download", "job_report"): {"wallimage"},
    ("job_detail", "job_carbon"): {"phare"},
    ("job_download", "job_carbon"): {"phare"},
    ("job_detail", "job_committee"): {"cca"},
    ("job_download", "job_committee"): {"cca"},
}
POST_ONLY: set = {"job_retry", "fund_report_pdf_job", "fund_report_xlsx_job",  # test_jobs.py
                  "carbon_report_pdf_job",  # test_carbon_report_job.py
                  "annexes_committee_pdf_job"}  # test_committee_report_job.py


def OBJECTS() -> dict:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from montage.web.contribution.models import ObligationYear
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
    carbon = _done_pdf(Job.Kind.CARBON_REPORT_PDF, users.get(username="phare"),
                       {"project": phare.pk}, f"carbon-{phare.pk}.pdf")
    tele = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2024)
    committee = _done_pdf(Job.Kind.COMMITTEE_REPORT_PDF, users.get(username="cca"),
                          {"obligation": tele.pk}, "rapport-comite.pdf")
    return {"job_budget": budget.pk, "job_report": report.pk, "job_carbon": carbon.pk,
            "job_committee": committee.pk}


def _done_pdf(kind, user, params, name):
    """A done job of `kind` by `user` with a stored (tiny) PDF, for the download's rows."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from montage.web.jobs.models import Job

    job, _ = Job.objects.get_or_create(kind=kind, created_by=user, defaults=dict(
        params=params, status="done", result_name=name))
    if not job.result:
        job.result.name = default_storage.save(f"jobs/out/matrice-{kind}.pdf",
                                               ContentFile(b"%PDF-1.4\n"))
        job.save(update_fields=["result"])
    return job

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Long operations other than the ledger import (docs/web.md, "Jobs"): a budget import, a
    report to generate. One record per job, run by `montage worker` on the same queue."""

    name = "montage.web.jobs"
    label = "jobs"
    verbose_name = _("Jobs")

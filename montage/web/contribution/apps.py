"""The contribution obligation, step 1 (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionConfig(AppConfig):
    name = "montage.web.contribution"
    label = "contribution"
    verbose_name = _("contribution (step 1)")

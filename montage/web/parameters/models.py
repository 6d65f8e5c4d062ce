"""A value of a legal parameter entered in the application, after the release that ships the
parameter files (montage/law/parameters/): a published price index, or any dated value.

The files stay the shipped base; an entered value is added to it through the loader's own checks
(montage.law.parameters.Parameters.adding), written by `services.enter_value` only, audited, and
never changed by the application: a value entered by mistake is withdrawn by a platform
administrator in the Django admin, audited too (admin.py, docs/web-parameters.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnteredValue(models.Model):
    """One dated value of a legal parameter (`name` as in `montage parameters`), as a file would
    hold it: the value as text, its period and its source."""

    AUDITED_FIELDS = ("name", "value", "valid_from", "valid_until", "source")

    name = models.CharField(_("parameter"), max_length=120)
    value = models.TextField(_("value"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.TextField(_("source"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="parameter_values_entered")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("entered parameter value")
        verbose_name_plural = _("entered parameter values")
        ordering = ["name", "valid_from"]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.name} [{self.valid_from.isoformat()} → {until}] = {self.value}"

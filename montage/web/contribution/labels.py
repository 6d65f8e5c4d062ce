"""Choice labels that quote a legal rate (an exemption ground, a market's retained share): the
model's choices name the rule without its figure (a migration never has to follow the law), and
the pages show these labels, with the rate in force (montage/web/core/rates.py)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop

from montage.web.core.rates import RateLabel

RATED = {
    "audience_linear": RateLabel(gettext_noop("linear service audience share below %(rate)s"),
                                 "exemptions.linear_audience_share_min"),
    "audience_non_linear": RateLabel(
        gettext_noop("non-linear service audience share below %(rate)s"),
        "exemptions.nonlinear_audience_share_min"),
    "few_works": RateLabel(gettext_noop("less than %(rate)s of audiovisual works broadcast"),
                           "exemptions.audiovisual_works_airtime_min"),
    "brussels_whole": RateLabel(gettext_noop("whole Brussels region (%(rate)s retained)"),
                                "turnover.brussels_share"),
    "brussels_total": RateLabel(
        gettext_noop("whole Brussels-Capital Region (%(rate)s retained)"),
        "turnover.brussels_share"),
    "belgium_whole": RateLabel(gettext_noop("whole of Belgium (%(rate)s retained)"),
                               "turnover.belgium_share"),
    "belgium_total": RateLabel(gettext_noop("whole of Belgium (%(rate)s retained)"),
                               "turnover.belgium_share"),
}


def label(value: str, fallback, on: dt.date | None = None) -> str:
    """The label of a choice `value`, with its rate when it quotes one (else `fallback`)."""
    rated = RATED.get(value)
    return rated.on(on) if rated is not None else str(fallback)


def choices(model_choices, on: dt.date | None = None) -> list[tuple[str, str]]:
    return [(value, label(value, text, on)) for value, text in model_choices]

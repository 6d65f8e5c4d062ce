"""Labels that quote a legal rate read it from the parameters in force, so a change of the law is
a change of its parameter file, never of a label (docs/web.md, "Labels and rates").

`rate("investments.commission_cap", on)` is the value in force on `on` (today when the label
has no subject's date) as the page's language writes a percentage ("30 %", "30%").
`RateLabel(msgid, parameter)` is a lazy label whose msgid has a `%(rate)s` placeholder; the
template tag `{% rate "name" %}` (montage/web/core/templatetags/montage.py) does the same in a
template. Parameters of montage/finance (the other financiers' rules) are read the same way.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language, gettext

from montage.money import format_rate


def parameter_sets():
    """Every shipped parameter set: the law's, the other financiers' (montage/finance), the
    fund's (montage/fund)."""
    from montage.finance.obligations import default_parameters as finance
    from montage.fund.enterprise import _default_parameters as fund
    from montage.law import parameters

    return [parameters.default(), finance(), fund()]


def value_in_force(name: str, on: dt.date):
    for parameters in parameter_sets():
        if name in parameters.names():
            return parameters.get(name, on).value
    raise KeyError(name)


def rate(name: str, on: dt.date | None = None) -> str:
    value = value_in_force(name, on or dt.date.today())
    return format_rate(value, "en" if (get_language() or "fr").startswith("en") else "fr",
                       min_digits=0)


class RateLabel:
    """A lazy label `msgid % {"rate": ...}`: translated and filled in when shown, like
    gettext_lazy, with the rate in force then; `.on(date)` gives it for a subject's date."""

    def __init__(self, msgid: str, parameter: str):
        self.msgid, self.parameter = msgid, parameter

    def on(self, date: dt.date | None) -> str:
        return gettext(self.msgid) % {"rate": rate(self.parameter, date)}

    def __str__(self) -> str:
        return self.on(None)

"""The producer's spend report for a fund's tranche: the proof list of the fund's rule on the
producer's ledger at a date, frozen and sent to the fund (docs/web-desks.md).

The lines are the ledger's own: one assessment (exports.assess, the rules of montage.finance),
each line the rule counted with its verdict in words, the totals and the rule's explanation, as
the proof export produces them. The fund's writer keeps them with their checksum
(fund.services.receive_spend_report); the analyst then rejects lines or releases the tranche on
the rest. Only the lines the rule counted go: the fund never sees the rest of the ledger.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from montage.money import ZERO
from montage.web.fund import services as fund_services
from montage.web.fund.models import Tranche
from montage.web.ledger import exports
from montage.web.production.models import FinancingSource
from montage.web.registry.services import Refused


def proof_lines(source: FinancingSource, as_of: dt.date, lang: str = "fr"):
    """(lines, status) of the source's rule on the ledger as of `as_of`: the lines it counts."""
    assessment = exports.assess(source.project, as_of, sources=[source])
    item = assessment.status_for(source)
    if item.status is None:
        raise Refused(item.problem or "—")
    status = item.status
    counted = exports.counted_by_expense(status)
    reasons = {v.expense_id: v for v in status.excluded}
    lines = []
    for expense in exports._sorted_rows(assessment):
        got = counted.get(str(expense.pk), ZERO)
        if not got:
            continue
        values = exports._line_values(assessment, expense, got, reasons.get(str(expense.pk)),
                                      lang)
        state, reason = exports.line_verdict(assessment, expense, got,
                                             reasons.get(str(expense.pk)), lang)
        lines.append({"expense_ref": str(expense.pk), "number": values["number"] or "",
                      "supplier": values["supplier"] or "", "territory": values["territory"],
                      "account": values["account"], "date": values["date"],
                      "amount": values["amount"], "counted": got,
                      "verdict": _("%(state)s: %(reason)s") % {"state": state, "reason": reason}
                      if reason else state})
    return lines, status


# the language a frozen list is kept (and checksummed) in; the others are kept beside it
KEPT_IN = "fr"


def frozen_in_every_language(source: FinancingSource, as_of: dt.date, explain):
    """(lines, status, explanation, words) of the source's rule: the lines and `explain(status,
    lang)` in French, as kept and checksummed, and `words`, for each other language of the
    application, the same captions in it ({"en": {"lines": [[territory, verdict], …],
    "explanation": …, "rule": …}}): a frozen list reads in its reader's language
    (fund.services.in_reader_language)."""
    found = {}
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            lines, status = proof_lines(source, as_of, lang)
            found[lang] = (lines, status, explain(status, lang), str(source.get_rule_display()))
    lines, status, explanation, _rule = found[KEPT_IN]
    words = {lang: {"lines": [[line["territory"], line["verdict"]] for line in other],
                    "explanation": text, "rule": rule}
             for lang, (other, _status, text, rule) in found.items() if lang != KEPT_IN}
    return lines, status, explanation, words


def send(source: FinancingSource, tranche: Tranche, as_of: dt.date, user):
    """Send the spend report of `source` (linked to the fund's commitment) for `tranche`."""
    if not source.commitment_id or tranche.commitment_id != source.commitment_id:
        raise Refused(_("This tranche is not one of this source's commitment."))
    if not source.rule:
        raise Refused(_("This source carries no spend rule: there is no proof list to send."))
    lines, status, explanation, words = frozen_in_every_language(
        source, as_of, lambda status, lang: status.explanation.readable(lang))
    with translation.override(KEPT_IN):
        rule = str(source.get_rule_display())
    return fund_services.receive_spend_report(tranche, as_of, rule, lines, explanation, user,
                                              words=words)


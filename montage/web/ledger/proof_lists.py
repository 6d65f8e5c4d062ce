"""The producer shares the Liste Preuves Invest of a linked broadcaster investment from its
ledger (docs/web-desks.md): the lines the FWB-spillover rule (step 2 §9, montage.finance's
BroadcasterSpillover: overhead ≤ 7 %, producer fee ≤ 10 %, mandatory invoice mentions,
territory) retains for the work at a date, with their verdicts, the rule's figures and its
explanation — the same assessment as the obligation page, the proof export and the spend
reports (spend_reports.proof_lines). Step 2's writer keeps them frozen with their checksum
(investments.services.receive_proof_list); the editor and the CCA see those lines only.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from montage.web.investments import services as investments_services
from montage.web.ledger.spend_reports import frozen_in_every_language
from montage.web.production import investment_link
from montage.web.production.models import InvestmentLink
from montage.web.registry.services import Refused


def share(link: InvestmentLink, as_of: dt.date, user):
    """Share the proof list of the confirmed `link`'s investment from the producer's ledger."""
    if link.confirmed_at is None:
        raise Refused(_("The link is not confirmed yet: there is no proof list to share."))
    source = investment_link.follow_investment(link.investment) or link.source
    lines, status, explanation, words = frozen_in_every_language(
        source, as_of, lambda status, lang: status.explanation.render(lang))
    figures = {"required": status.required, "counted": status.counted,
               "missing": status.missing, "deadline": status.due_date,
               "status": status.details.get("status")}
    return investments_services.receive_proof_list(
        link.investment, as_of, lines, figures, explanation, user, words=words)

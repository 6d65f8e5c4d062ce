"""The recoupment demo (idempotent; called by montage.web.demo.DEMO_EXTENSIONS after the
production desk's): "Le Phare" of Les Films du Phare earns its first receipts.

- a three-corridor agreement: Wallimage off the top (20 %, beyond its pro rata, up to its
  300 000 € and a 10 % premium), then Télé Demo and the Tax Shelter investor pro rata of their
  financing (up to it), then Wallimage 25 % and Télé Demo 10 % of what is left (the rest stays
  with the producer);
- a Belgian distributor's statement and a sales agent's statement in dollars for the first half
  of 2026;
- the statements of that period, sent to Wallimage's and Télé Demo's desks (the Tax Shelter
  investor has none: it gets the PDF); Wallimage marks its own paid, so it is a recoupment
  receipt on Le Phare's commitment. Figures are fictitious.
"""

from __future__ import annotations

from decimal import Decimal as D

from montage.web import demo_calendar as calendar
from montage.web.production.models import FinancingSource, Project
from montage.web.recoupment import services
from montage.web.recoupment.models import Receipt, Share
from montage.web.registry.audit import acting_as

_date = calendar.date


def load_demo() -> None:
    project = Project.objects.filter(work__title="Le Phare",
                                     owner__name="Les Films du Phare").first()
    if project is None or project.corridors.exists():
        return
    with acting_as(None, "demo"):
        _load(project)


def _load(project: Project) -> None:
    T = FinancingSource.Type
    sources = FinancingSource.objects.filter(project=project)
    wallimage = sources.get(source_type=T.REGIONAL_FUND, financier__name="Wallimage")
    tele = sources.get(source_type=T.BROADCASTER_COPRODUCTION)
    tax_shelter = sources.get(source_type=T.TAX_SHELTER)
    first = services.add_corridor(project, "Wallimage, en tête", off_the_top=True)
    services.save_share(first, Share(source=wallimage, kind=Share.Kind.BEYOND_PRO_RATA,
                                     rate=D("0.20"), cap=wallimage.amount, premium=D("0.10")))
    second = services.add_corridor(project, "Télé Demo et Tax Shelter, au prorata")
    for source in (tele, tax_shelter):
        services.save_share(second, Share(source=source, kind=Share.Kind.PRO_RATA,
                                          cap=source.amount))
    third = services.add_corridor(project, "Au-delà des récupérations")
    services.save_share(third, Share(source=wallimage, kind=Share.Kind.FIXED, rate=D("0.25")))
    services.save_share(third, Share(source=tele, kind=Share.Kind.FIXED, rate=D("0.10")))

    start, end = _date(2026, 1, 1), _date(2026, 6, 30)
    services.record_receipts(project, [
        Receipt(source=Receipt.Source.DISTRIBUTOR, payer="Cinéart Belgique (démo)",
                territory="Belgique", period_start=start, period_end=end,
                gross=D("180000.00"), commission_rate=D("0.25"), expenses=D("40000.00"),
                expenses_cap=D("30000.00"), reference="Relevé de distribution S1"),
        Receipt(source=Receipt.Source.SALES_AGENT, payer="North Sea Sales (démo)",
                territory="Monde hors Benelux et France", period_start=start, period_end=end,
                gross=D("60000.00"), commission_rate=D("0.20"), expenses=D("5000.00"),
                expenses_cap=D("10000.00"), currency="USD", exchange_rate=D("0.92"),
                exchange_rate_date=end, reference="Sales report H1"),
    ])
    for statement in services.issue_statements(project, start, end, None):
        if statement.source.financier_id is not None:
            services.send_statement(statement, _date(2026, 9, 15))
    # Wallimage pays its statement: its recoupment receipt, on the commitment the producer's
    # source is linked to (FinancingSource.application, montage/web/production/fund_link.py)
    services.mark_statement_paid(project.statements.get(source=wallimage), _date(2026, 10, 15))

"""The four desks of one chain (docs/web-desks.md), each with its users: a producer with a
project and its budget, a regional fund with an open coproduction call, a broadcaster with a
pre-purchase of the project's work (not linked yet), the CCA; and, to check what each desk must
not see, a second producer, fund and broadcaster, and the CSA."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from montage.web.production import services
from montage.web.production.models import BudgetLine

from . import contribution, fund, investments, production, registry

PASSWORD = registry.PASSWORD


def four_desks() -> SimpleNamespace:
    """The records before the chain starts, on TEST_DAY (1 December 2026): the call is open."""
    wallonia = registry.organisation("fund", "Fonds wallon d'essai")
    call = fund.call(wallonia, kind="copro_live", title="Session de coproduction d'essai",
                     line_name="Coproductions", envelope="500000.00",
                     opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 31),
                     required_documents="Scénario\nDevis signé")
    owner = registry.producer("Films du Gué", postal_code="5000", city="Namur")
    project = production.project(owner, title="Le Gué")
    # the rest of the budget is planned with a Walloon studio: the pre-check projects it
    studio = registry.company("Studio de la Meuse", postal_code="5000", city="Namur",
                              audiovisual_activity=True)
    services.add_budget_line(project, BudgetLine(
        account=project.accounts.get(code="07.01"), description="Montage image",
        quantity=Decimal(1), rate=Decimal("50000.00"), planned_supplier=studio))
    editor = contribution.editor("Télé Essai")
    investment = investments.investment(
        contribution.obligation(editor, 2026), category="prepurchase", amount="30000.00",
        work=project.work, producer=owner.company, document_date=dt.date(2026, 6, 1))
    cca = registry.organisation("cca", "CCA d'essai")
    other_fund = registry.organisation("fund", "Autre fonds d'essai")
    users = {
        "producteur": registry.user("producteur", owner),
        "analyste": registry.user("analyste", wallonia, "fund_analyst"),
        "conseil": registry.user("conseil", wallonia, "fund_board"),
        "diffuseur": registry.user("diffuseur", editor.organisation),
        "cca.essai": registry.user("cca.essai", cca),
        # the desks that must see nothing of it
        "autre.producteur": registry.user("autre.producteur", registry.producer("Autres Films")),
        "autre.fonds": registry.user("autre.fonds", other_fund, "fund_analyst"),
        "autre.diffuseur": registry.user("autre.diffuseur",
                                         contribution.editor("Autre Télé").organisation),
        "csa.essai": registry.user("csa.essai", "csa"),
    }
    return SimpleNamespace(call=call, fund=wallonia, owner=owner, project=project,
                           studio=studio, editor=editor, investment=investment, cca=cca,
                           users=users)

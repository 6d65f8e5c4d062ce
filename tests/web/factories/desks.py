"""The four desks of one chain (docs/web-desks.md), each with its users: a producer with a
project and its budget, a regional fund with an open coproduction call, a broadcaster with a
pre-purchase of the project's work (not linked yet), the CCA; and, to check what each desk must
not see, a second producer, fund and broadcaster, and the CSA."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from montage.web.production import services
from montage.web.investments.models import Investment
from montage.web.production.models import BudgetLine, Project
from montage.web.registry.models import Work

from . import contribution, fund, investments, production, registry

PASSWORD = registry.PASSWORD


def four_desks() -> SimpleNamespace:
    """The records before the chain starts, on TEST_DAY (1 December 2026): the call is open."""
    records = other_desks()
    records.project = producers_project(records)
    records.investment = pre_purchase(records, records.project.work)
    return records


def other_desks() -> SimpleNamespace:
    """Every record of `four_desks` the producer does not own: the fund's open call, the
    studio of the shared registry, the broadcaster's file, the CCA, the users; no project yet
    (the browser's producer builds it in its pages), hence no pre-purchase (`pre_purchase`)."""
    wallonia = registry.organisation("fund", "Fonds wallon d'essai")
    call = fund.call(wallonia, kind="copro_live", title="Session de coproduction d'essai",
                     line_name="Coproductions", envelope="500000.00",
                     opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 31),
                     required_documents="Scénario\nDevis signé")
    owner = registry.producer("Films du Gué", postal_code="5000", city="Namur")
    # a Walloon studio of the shared registry: the producer plans its budget with it
    studio = registry.company("Studio de la Meuse", postal_code="5000", city="Namur",
                              audiovisual_activity=True)
    editor = contribution.editor("Télé Essai")
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
    return SimpleNamespace(call=call, fund=wallonia, owner=owner, studio=studio, editor=editor,
                           cca=cca, users=users)


def producers_project(records: SimpleNamespace) -> Project:
    """The producer's project "Le Gué" as the browser test's producer builds it: its 50 000 €
    budget planned with the Walloon studio, in Namur (the pre-check projects it)."""
    project = production.project(records.owner, title="Le Gué")
    services.add_budget_line(project, BudgetLine(
        account=project.accounts.get(code="07.01"), description="Montage image",
        quantity=Decimal(1), rate=Decimal("50000.00"), planned_supplier=records.studio,
        spend_postal_code="5000"))
    return project


def pre_purchase(records: SimpleNamespace, work: Work) -> Investment:
    """The broadcaster's 30 000 € pre-purchase of the producer's `work` (not linked yet)."""
    return investments.investment(
        contribution.obligation(records.editor, 2026), category="prepurchase",
        amount="30000.00", work=work, producer=records.owner.company,
        document_date=dt.date(2026, 6, 1))

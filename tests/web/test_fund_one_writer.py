"""The fund's records have one writer, montage/web/fund/services.py: the desk's views validate
and ask it; they save nothing themselves. Its refusals name the field they concern."""

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from montage.web.fund import desk, portfolio, services
from montage.web.fund.models import Decision
from montage.web.registry.services import Refused
from tests.web.factories import fund, registry


def _writes(module) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            commit_false = any(k.arg == "commit" and getattr(k.value, "value", True) is False
                               for k in node.keywords)
            on_a_queryset = isinstance(node.func.value, ast.Call)  # not a dict's .update()
            if (name in ("save", "create", "delete", "bulk_create")
                    or name == "update" and on_a_queryset) and not commit_false:
                found.append(f"{Path(module.__file__).name}:{node.lineno}: .{name}()")
    return found


def test_the_desks_views_write_nothing_themselves():
    assert _writes(desk) + _writes(portfolio) == []


@pytest.mark.django_db
def test_a_decision_only_for_a_file_awaiting_one_and_a_commitment_within_the_grant():
    board = registry.user("board", "fund", "fund_board")
    application = fund.application(fund.call())
    decision = Decision(outcome=Decision.Outcome.ACCEPTED, accepted_amount=Decimal("10000.00"),
                        decided_on=dt.date(2025, 4, 1))
    with pytest.raises(Refused, match="attend|awaiting"):
        services.decide_application(application, decision, board)
    services.score_application(application, registry.user("analyst", "fund"))
    services.decide_application(application, decision, board)
    application.refresh_from_db()
    assert application.status == "accepted"
    with pytest.raises(Refused) as refused:
        services.sign_commitment(application, Decimal("10000.01"), Decimal("20000.00"),
                                 dt.date(2025, 4, 15))
    assert list(refused.value.errors) == ["amount"]
    commitment = services.sign_commitment(application, Decimal("10000.00"), Decimal("20000.00"),
                                          dt.date(2025, 4, 15))
    assert commitment.tranches.exists()
    with pytest.raises(Refused):  # one commitment per application
        services.sign_commitment(application, Decimal("1.00"), Decimal("2.00"),
                                 dt.date(2025, 4, 16))

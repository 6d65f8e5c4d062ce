"""The fund's writer, montage/web/fund/services.py, refuses what the procedure refuses and names
the field concerned (that the desk's views write nothing themselves: test_one_writer.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from montage.web.fund import services
from montage.web.fund.models import Decision
from montage.web.registry.services import Refused
from tests.web.factories import fund, registry


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

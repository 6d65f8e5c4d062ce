"""A ledger line entered by hand and a column mapping have one writer,
montage/web/ledger/services.py: the pages validate and ask it; they save nothing themselves."""

from tests.web.test_fund_one_writer import _writes

from montage.web.ledger import import_views, views


def test_the_ledgers_views_write_nothing_themselves():
    assert _writes(views) + _writes(import_views) == []

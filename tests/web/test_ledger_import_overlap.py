"""A file that overlaps the ledger says which of its rows were there already, and where: the
file's row, the line in the ledger, the import that added it. Nothing is added twice and the
totals do not move."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from montage.web.ledger import imports
from montage.web.ledger.models import Expense, LedgerBucket, LedgerImport
from tests.web.test_ledger_import import (ROWS, csv_bytes,  # noqa: F401
                                          manager, mapping, project)

pytestmark = pytest.mark.django_db

FIVE = ROWS + ["L5;07/04/2024;facture;F-4;Meuse Caméras;BE0403170701;4000;BE;;;07.01;99,90;\n"]


def totals(project):
    lines = Expense.objects.filter(project=project)
    in_buckets = LedgerBucket.objects.filter(project=project)
    return (lines.count(), sum(e.amount_excl_vat for e in lines),
            sum(b.lines for b in in_buckets), sum(b.amount for b in in_buckets))


def page(client, user, record):
    client.force_login(user)
    with translation.override("fr"):
        response = client.get(reverse("ledger_import", args=[record.project_id, record.pk]),
                              HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return response.content.decode()


def test_the_same_file_twice_points_at_the_import_that_added_its_lines(project, mapping,
                                                                       manager, client):
    first = imports.import_file(project, "avril.csv", csv_bytes(ROWS), mapping=mapping)
    before = totals(project)
    again = imports.import_file(project, "avril (copie).csv", csv_bytes(ROWS), mapping=mapping)
    assert again.status == LedgerImport.Status.DUPLICATE
    assert again.duplicate_of == first
    assert totals(project) == before
    html = page(client, manager, again)
    assert "Ce fichier a déjà été importé tel quel" in html
    assert f"import n° {first.pk}" in html
    assert reverse("ledger_import", args=[project.pk, first.pk]) in html


def test_the_same_rows_in_another_order_add_nothing_and_name_every_row(project, mapping,
                                                                        manager, client):
    first = imports.import_file(project, "avril.csv", csv_bytes(ROWS), mapping=mapping)
    before = totals(project)
    reordered = imports.import_file(project, "avril trié.csv",
                                    csv_bytes([ROWS[2], ROWS[0], ROWS[3], ROWS[1]]),
                                    mapping=mapping)
    assert reordered.status == LedgerImport.Status.DONE, reordered.errors
    assert reordered.lines_added == 0
    assert reordered.lines_already_there == 4
    assert totals(project) == before
    lines = {e.number: e.pk for e in Expense.objects.filter(project=project)}
    # rows are numbered as a spreadsheet shows them: the header is row 1
    assert reordered.already_there == [
        {"row": 2, "line": lines["P-1"], "import": first.pk},
        {"row": 3, "line": lines["F-1"], "import": first.pk},
        {"row": 4, "line": lines["F-3"], "import": first.pk},
        {"row": 5, "line": lines["F-2"], "import": first.pk},
    ]
    html = page(client, manager, reordered)
    assert "Les 4 lignes de ce fichier étaient déjà dans le grand livre : rien n'a été ajouté." \
        in html
    assert reverse("ledger_expense", args=[project.pk, lines["F-1"]]) in html
    assert f"import n° {first.pk} du " in html


def test_three_of_five_rows_overlapping_names_the_three_and_adds_the_two(project, mapping,
                                                                          manager, client):
    first = imports.import_file(project, "avril.csv", csv_bytes(ROWS[:3]), mapping=mapping)
    three = totals(project)
    overlap = imports.import_file(project, "avril-mai.csv", csv_bytes(FIVE), mapping=mapping)
    assert overlap.status == LedgerImport.Status.DONE, overlap.errors
    assert overlap.lines_added == 2
    assert overlap.lines_already_there == 3
    assert [row["row"] for row in overlap.already_there] == [2, 3, 4]
    assert {row["import"] for row in overlap.already_there} == {first.pk}
    count, amount, bucket_lines, bucket_amount = totals(project)
    assert count == three[0] + 2 and bucket_lines == count
    assert amount == three[1] + Decimal("500.10") + Decimal("99.90") == bucket_amount
    html = page(client, manager, overlap)
    assert "3 lignes de ce fichier étaient déjà dans le grand livre : elles ont été ignorées" \
        in html


def test_a_line_typed_in_a_form_is_named_as_such(project, mapping, manager, client):
    imports.import_file(project, "avril.csv", csv_bytes(ROWS[:1]), mapping=mapping)
    Expense.all_objects.filter(project=project).update(ledger_import=None)
    record = imports.import_file(project, "avril bis.csv", csv_bytes(ROWS[:2]), mapping=mapping)
    assert record.already_there[0]["import"] is None
    assert "saisie dans un formulaire" in page(client, manager, record)


def test_only_the_first_rows_are_listed_the_others_counted(project, mapping, manager, client,
                                                          monkeypatch):
    monkeypatch.setattr(imports, "ALREADY_THERE_LISTED", 2)
    imports.import_file(project, "avril.csv", csv_bytes(ROWS), mapping=mapping)
    record = imports.import_file(project, "avril trié.csv", csv_bytes(ROWS[::-1]),
                                 mapping=mapping)
    assert record.lines_already_there == 4
    assert len(record.already_there) == 2
    assert "… et 2 autres lignes." in page(client, manager, record)

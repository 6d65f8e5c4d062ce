"""A large .csv is read in two processes (`imports.PARALLEL_BYTES`): the result must be the one
a single process gives — the same lines, keys, suppliers, buckets and figures, the same errors
with the same row numbers, nothing written when the second part has an error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from montage.web.ledger import bench
from montage.finance import ledger_rows
from montage.web.ledger.models import ColumnMapping, Expense, LedgerBucket, LedgerImport
from montage.web.registry.models import Company, Person
from montage.web.ledger import buckets, engine, imports

pytestmark = pytest.mark.django_db
HEADER = "Ligne;Date;Type;Facture;Fournisseur;TVA fournisseur;CP;CP exploitation;Pays;" \
         "Employé;CP domicile;Compte;Montant HTVA;Nature\n"
MAPPING = {"id": "Ligne", "date": "Date", "kind": "Type", "number": "Facture",
           "supplier_name": "Fournisseur", "supplier_vat": "TVA fournisseur",
           "supplier_postal_code": "CP", "operating_postal_code": "CP exploitation",
           "supplier_country": "Pays", "employee_name": "Employé",
           "employee_postal_code": "CP domicile", "account": "Compte",
           "amount": "Montant HTVA", "cost_type": "Nature"}


class _RolledBack(Exception):
    pass


@pytest.fixture
def project(db):
    return bench.make_project("Deux parts")


def mapping_for(project, columns=MAPPING):
    return ColumnMapping.objects.get_or_create(owner=project.owner, name="Compta",
                                               defaults={"columns": columns})[0]


def ledger_of(project) -> dict:
    """What an import leaves, without database ids."""
    lines = sorted(
        (e.source_key, e.date, str(e.amount_excl_vat), e.kind, e.cost_type,
         e.supplier.name if e.supplier_id else str(e.employee),
         e.account.code if e.account_id else "")
        for e in Expense.objects.filter(project=project).select_related(
            "supplier", "employee", "account"))
    keys = dict(Expense.objects.filter(project=project).values_list("pk", "source_key"))

    def identity(bucket):  # a fee line's bucket is keyed by its line id: by its key here
        line = bucket.flags.get("line")
        return (keys[int(line["id"])],) if line else (bucket.key, bucket.facts_key)
    bucket_rows = sorted(
        (identity(b), b.lines, str(b.amount), str(b.paid), str(b.manager_services), b.days,
         b.territory) for b in LedgerBucket.objects.filter(project=project))
    companies = sorted(Company.objects.values_list("name", "vat_number",
                                                   "registered_postal_code",
                                                   "operating_postal_code"))
    people = sorted(Person.objects.values_list("first_name", "last_name",
                                               "domicile_postal_code"))
    as_of = dt.date(2026, 1, 1)
    figures = [buckets.summary(s) for s in buckets.statuses(project, as_of)]
    assert figures == [buckets.summary(s) for s in engine.statuses(project, as_of)]
    return {"lines": lines, "buckets": bucket_rows, "companies": companies, "people": people,
            "figures": figures}


def both_ways(project, mapping, name: str, data: bytes, monkeypatch):
    """(what one process leaves, what two processes leave), from the same database state."""
    outcomes = []
    for parallel in (False, True):
        monkeypatch.setattr(imports, "PARALLEL", parallel)
        monkeypatch.setattr(imports, "PARALLEL_BYTES", 0)
        try:
            with transaction.atomic():
                record = imports.import_file(project, name, data, mapping=mapping)
                outcomes.append((record.status, record.lines_added, record.rows_total,
                                 record.errors, ledger_of(project)))
                raise _RolledBack
        except _RolledBack:
            pass
    return outcomes


def test_the_benchmark_ledger_gives_the_same_result_in_two_processes(project, tmp_path,
                                                                       monkeypatch):
    path = tmp_path / "ledger.csv"
    bench.generate(path, 3000)
    data = path.read_bytes()
    assert ledger_rows.csv_split(data, imports.FIRST_PART_PERCENT) is not None
    mapping = bench.save_mapping(project.owner)
    one, two = both_ways(project, mapping, "ledger.csv", data, monkeypatch)
    assert one[0] == LedgerImport.Status.DONE, one[3]
    assert one[1] == 3000
    assert one == two


def rows_crossing_the_split() -> list[str]:
    """Suppliers and employees met in both parts, one first met without its VAT number in the
    second part, the same invoice line twice (no line id: the key gets "#2"), fee lines."""
    rows = []
    for n in range(1, 121):
        day = f"{(n % 27) + 1:02d}/0{(n % 8) + 1}/2025"
        rows.append(f";{day};facture;F-{n % 40};Meuse Caméras;BE0403170701;4000;;BE;;;07.01;"
                    f"{n},50;\n")
        rows.append(f";{day};paie;P-{n};;;;;;Anne Lenoir;4700;03.02;{1000 + n};\n")
        if n % 10 == 0:
            rows.append(f";{day};facture;FG-{n};Les Films du Banc d'Essai;BE0417497106;4000;;BE;"
                        f";;11;{500 + n},00;overhead\n")
        if n > 60:  # only in the second part: a supplier without VAT, then with an operating seat
            rows.append(f";{day};facture;B-{n};Studio Ixelles;;1050;;BE;;;08;2 000,00;\n")
            rows.append(f";{day};facture;G-{n};Lumières de Gand;;9000;1000;BE;;;07.02;500,10;\n")
    rows.append(rows[10])    # the same invoice line again, at the end of the file
    return rows


def test_keys_suppliers_and_fees_across_the_split(project, monkeypatch):
    mapping = mapping_for(project, {k: v for k, v in MAPPING.items() if k != "id"})
    data = (HEADER + "".join(rows_crossing_the_split())).encode("utf-8")
    one, two = both_ways(project, mapping, "deux.csv", data, monkeypatch)
    assert one[0] == LedgerImport.Status.DONE, one[3]
    assert one == two
    keys = [line[0] for line in two[4]["lines"]]
    assert sum(key.endswith("#2") for key in keys) == 1
    assert len(set(keys)) == len(keys)


def test_errors_in_the_second_part_name_their_rows_and_nothing_is_written(project,
                                                                            monkeypatch):
    rows = [f"L{n};03/04/2025;facture;F-{n};Meuse Caméras;BE0403170701;4000;;BE;;;07.01;"
            f"{n},00;\n" for n in range(1, 301)]
    rows[250] = rows[250].replace("07.01", "99.99")       # row 252: no such account
    rows[280] = rows[280].replace(";281,00;", ";deux cents;")  # row 282: not an amount
    data = (HEADER + "".join(rows)).encode("utf-8")
    one, two = both_ways(project, mapping_for(project), "fautes.csv", data, monkeypatch)
    assert one[0] == LedgerImport.Status.FAILED
    assert [e["row"] for e in one[3]] == [252, 282]  # every problem in one pass, in order
    assert one == two
    assert not two[4]["lines"]
    rows[280] = rows[281].replace("L282", "L281")
    data = (HEADER + "".join(rows)).encode("utf-8")
    one, two = both_ways(project, mapping_for(project), "compte.csv", data, monkeypatch)
    assert [(e["row"], e["column"]) for e in one[3]] == [(252, "Compte")]
    assert one == two
    assert not two[4]["lines"]


def test_a_line_id_repeated_in_the_second_part_is_refused(project, monkeypatch):
    rows = [f"L{n};03/04/2025;facture;F-{n};Meuse Caméras;BE0403170701;4000;;BE;;;07.01;"
            f"{n},00;\n" for n in range(1, 301)]
    rows[290] = rows[290].replace("L291;", "L7;")
    data = (HEADER + "".join(rows)).encode("utf-8")
    one, two = both_ways(project, mapping_for(project), "double.csv", data, monkeypatch)
    assert one[0] == LedgerImport.Status.FAILED
    assert [(e["row"], e["expected"], e["got"]) for e in one[3]] == [
        (292, "a line id used once in the file", "L7")]
    assert one == two
    assert not two[4]["lines"]


def test_lines_already_in_the_ledger_are_skipped_in_both_parts(project, monkeypatch):
    mapping = mapping_for(project)
    rows = [f"L{n};0{n % 9 + 1}/04/2025;facture;F-{n};Meuse Caméras;BE0403170701;4000;;BE;;;"
            f"07.01;{n},00;\n" for n in range(1, 301)]
    first = imports.import_file(project, "début.csv",
                                (HEADER + "".join(rows[:20] + rows[200:220])).encode(),
                                mapping=mapping)
    assert first.lines_added == 40
    one, two = both_ways(project, mapping, "tout.csv", (HEADER + "".join(rows)).encode(),
                         monkeypatch)
    assert one[1] == 260
    assert one == two
    assert sum(int(b[1]) for b in two[4]["buckets"]) == 300


def test_the_split_falls_between_records():
    quoted = 'L1;"une ligne\nsur deux";3\n' * 50
    data = ("Ligne;Libellé;Montant\n" + quoted).encode()
    split = ledger_rows.csv_split(data)
    layout = ledger_rows.csv_layout(data, "q.csv")
    first = list(ledger_rows.csv_rows(data, layout, end=split))
    second = list(ledger_rows.csv_rows(data, layout, start=split))
    assert len(first) + len(second) == 50
    assert all(cells == ["L1", "une ligne\nsur deux", "3"] for _, cells in first + second)
    assert second[0][0] == 1
    # quotes that never pair: no split, the file is read in one process
    assert ledger_rows.csv_split(b'a;b\n"x;1\n' + b"y;2\n" * 10) is None


def test_the_second_part_is_handed_over_in_segments_cut_between_records():
    """The files above are cut into several segments too: each begins a record, in order."""
    rows = [f"L{n};03/04/2025;facture;F-{n};Meuse Caméras;BE0403170701;4000;;BE;;;07.01;"
            f"{n},00;\n" for n in range(1, 301)]
    data = (HEADER + "".join(rows)).encode("utf-8")
    split = ledger_rows.csv_split(data, imports.FIRST_PART_PERCENT)
    cuts = imports._segment_cuts(data, split)
    assert len(cuts) == (100 - imports.FIRST_PART_PERCENT - 1) // imports.SEGMENT_PERCENT
    assert [split, *cuts] == sorted({split, *cuts})
    assert all(data[cut - 1:cut] == b"\n" and data[cut:cut + 1] == b"L" for cut in cuts)

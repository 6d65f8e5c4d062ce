"""Importing a producer's accounting export or Peppol e-invoice into a project's ledger.

- Idempotent: the file's sha256 is kept; the same file again is recorded as "already imported"
  and adds nothing. Each line has a `source_key` that does not depend on the file (the
  software's line id when mapped, else supplier VAT or name + invoice number + line), unique per
  project: re-importing overlapping rows adds only the new ones.
- All or nothing: every row is read and checked first (each problem names file, row, column and
  what was expected); any error -> nothing written, the import FAILED with its errors. Otherwise
  everything is written in one transaction, buckets included (`buckets.record_expenses` logic).
- Suppliers are matched by VAT/enterprise number (else by name and postal code) or created; a
  Belgian postal code Statbel does not know is a row error (`montage.territory.locate`).
- Launched as a job (`montage.web.ledger.jobs`): the page queues it, `montage worker` runs it,
  with a heartbeat and a time limit; the phases read, plan, write and commit are marked
  (`montage.web.core.jobs.phase`).
- Progress: `rows_done` counts the rows checked, saved every PROGRESS_EVERY rows (autocommit,
  outside the writing transaction) so a page can poll it; the write itself is one transaction.
- Large files: lines are inserted with executemany in chunks (no per-row ORM save), territory is
  cached per postal code, suppliers per number; a large .csv is read in two processes (the
  second part in a forked process that touches no database), and this process writes the first
  part's lines while the other still reads. The benchmark runs this same code
  (docs/web-ledger.md, "Imports" and "Benchmark").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import marshal
import multiprocessing
import os
import pickle
import tempfile
from contextlib import ExitStack, contextmanager
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext_noop

from montage.errors import InputError, MontageError, Problem
from montage.finance import ledger_rows, ubl
from montage.finance.expenses import FLAGS, LedgerLine
from montage.finance.ledger_rows import MAX_ERRORS, Mapping
from montage.territory import locate
from montage.web import permissions
from montage.web.core import jobs, uploads
from montage.web.registry.audit import acting_as, record_decision
from montage.web.ledger.models import ColumnMapping, Expense, LedgerImport
from montage.web.production.models import Account, Project
from montage.web.registry.models import Company, Person
from montage.web.ledger import buckets, credits, engine

# Kept in English in the import's record, translated when a page shows it (core.problems).
DELETED_MEANWHILE = {
    Company: gettext_noop("a supplier of the file was deleted while it was imported: import the "
                          "file again"),
    Person: gettext_noop("an employee of the file was deleted while it was imported: import the "
                         "file again"),
    Account: gettext_noop("a budget account of the file was deleted while it was imported: "
                          "import the file again"),
}

PROGRESS_EVERY = 2000
ALREADY_THERE_LISTED = 50   # rows of an overlapping file named on its page (all are counted)
CHUNK = 20000
PARALLEL = True               # a large .csv is read in two processes (see `_Import.plan`)
PARALLEL_BYTES = 8 << 20      # from 8 MiB (about 40 000 lines): below, a second process
                              # costs more than it saves
# the share of the file read here (the rest by the second process, in segments of about
# SEGMENT_PERCENT % handed over one by one): reading a line costs about 1.4 times writing it;
# this process writes its part, then each segment, while the other still reads
FIRST_PART_PERCENT = 18
SEGMENT_PERCENT = 10
UBL_COLUMNS = {"supplier_postal_code": "cac:AccountingSupplierParty/cac:PostalAddress/"
                                       "cbc:PostalZone",
               "account": "cac:InvoiceLine/cbc:AccountingCost",
               "amount": "cbc:LineExtensionAmount", "credits": ubl.CREDITED}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_format(file_name: str, data: bytes) -> str:
    name = file_name.lower()
    if name.endswith(".xml") or ubl.is_ubl(data):
        return LedgerImport.Format.UBL
    if name.endswith(".xlsx"):
        return LedgerImport.Format.XLSX
    if name.endswith((".csv", ".txt")):
        return LedgerImport.Format.CSV
    raise InputError("expected a .csv, .xlsx or Peppol UBL .xml file", file=file_name)


def as_mapping(mapping: ColumnMapping) -> Mapping:
    return Mapping({k: v for k, v in (mapping.columns or {}).items() if v},
                   mapping.date_format or "%d/%m/%Y")


# --------------------------------------------------------------------------------------------
# entry points


def start_import(project: Project, file_name: str, data: bytes, *,
                 mapping: ColumnMapping | None = None, user=None) -> LedgerImport:
    """Record the import (QUEUED, or DUPLICATE when this exact file was imported already)."""
    file_format = detect_format(file_name, data)
    uploads.check_workbook(file_name, data)  # a zip bomb refused before any parser opens it
    digest = sha256(data)
    common = dict(project=project, file_name=file_name[:255], sha256=digest, format=file_format,
                  mapping=mapping, created_by=user if user is not None and user.pk else None)
    earlier = LedgerImport.objects.filter(project=project, sha256=digest,
                                          status=LedgerImport.Status.DONE).order_by("pk").first()
    if earlier is not None:
        return LedgerImport.objects.create(status=LedgerImport.Status.DUPLICATE,
                                           duplicate_of=earlier, **common)
    if file_format != LedgerImport.Format.UBL and mapping is None:
        raise InputError("a spreadsheet needs a column mapping", file=file_name)
    return LedgerImport.objects.create(status=LedgerImport.Status.QUEUED, **common)


def import_file(project: Project, file_name: str, data: bytes, *,
                mapping: ColumnMapping | None = None, user=None) -> LedgerImport:
    """Import now, in this thread (commands, tests, the benchmark); pages queue a job
    (`montage.web.ledger.jobs.enqueue`)."""
    record = start_import(project, file_name, data, mapping=mapping, user=user)
    if record.status == LedgerImport.Status.QUEUED:
        record.status = LedgerImport.Status.RUNNING
        record.save(update_fields=["status"])
        run_import(record, data, user=user)
    return record


def already_there_rows(record: LedgerImport) -> list[dict]:
    """The rows of `record` skipped as already in the ledger, each with its earlier import
    (None for a line typed in a form), for the import's page."""
    earlier = LedgerImport.objects.in_bulk({row["import"] for row in record.already_there
                                            if row.get("import")})
    return [dict(row, earlier=earlier.get(row.get("import"))) for row in record.already_there]


def run_import(record: LedgerImport, data: bytes, user=None) -> LedgerImport:
    with acting_as(user):
        try:
            _Import(record, data).run()
        except InputError as error:
            _fail(record, [p.at(file=record.file_name).as_dict() for p in error.problems])
        except MontageError as error:
            _fail(record, [Problem(str(error), file=record.file_name).as_dict()])
        except UnicodeDecodeError:
            _fail(record, [Problem(file=record.file_name, expected="a text file encoded in "
                                   "UTF-8 or Windows-1252").as_dict()])
        except Exception as error:  # a bug must not leave the import "running" for ever
            _fail(record, [Problem(file=record.file_name, expected="an importable file (internal "
                                   "error: %(error)s)", params={"error": type(error).__name__}
                                   ).as_dict()])
            raise
    return record


def imported_meanwhile(record: LedgerImport) -> bool:
    """This exact file imported by another import since this one was queued: the record turns
    DUPLICATE. Inside the write transaction, the project's row is locked first (PostgreSQL;
    SQLite's BEGIN IMMEDIATE already lets one writer in): two imports of one file at once
    give one import and one duplicate."""
    if connection.in_atomic_block:
        list(Project.objects.select_for_update().filter(pk=record.project_id).values("pk"))
    earlier = LedgerImport.objects.filter(project_id=record.project_id, sha256=record.sha256,
                                          status=LedgerImport.Status.DONE).exclude(
                                              pk=record.pk).order_by("pk").first()
    if earlier is None:
        return False
    record.status, record.duplicate_of = LedgerImport.Status.DUPLICATE, earlier
    record.save(update_fields=["status", "duplicate_of"])
    return True


def _fail(record: LedgerImport, errors: list[dict]) -> None:
    record.status = LedgerImport.Status.FAILED
    record.errors = errors
    record.lines_added = 0
    record.save(update_fields=["status", "errors", "lines_added"])


# --------------------------------------------------------------------------------------------
# the work


class _Import:
    def __init__(self, record: LedgerImport, data: bytes):
        self.record = record
        self.data = data
        self.project = Project.objects.select_related("owner__company", "work").get(
            pk=record.project_id)
        self.columns: dict[str, str] = {}
        self.child_rows = None      # rows read by the second process (a shared counter)

    def progress(self, done: int) -> None:
        if self.child_rows is not None:
            done += self.child_rows.value
        LedgerImport.objects.filter(pk=self.record.pk).update(
            rows_done=done, rows_total=max(done, self.record.rows_total))

    @staticmethod
    def mandatory_fields() -> tuple[str, ...]:
        from montage.web.parameters.services import current_parameters

        return tuple(current_parameters().get("spillover.invoice_mandatory_fields",
                                              dt.date.today()).value)

    # -- the whole import
    def run(self) -> None:
        """Pass 1 reads, checks and resolves every row and plans each line as a compact record
        in a temporary file (a large .csv in two processes, see `plan_in_two`); pass 2, only when
        no row has an error, writes the records in one transaction. Garbage collection is
        paused meanwhile: the import allocates millions of objects that live until its end,
        which only makes the collector scan them again and again."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            with tempfile.TemporaryFile(prefix="montage-ledger-") as spill, \
                    tempfile.TemporaryFile(prefix="montage-ledger-") as second_spill:
                plans = self.plan(spill, second_spill)
                if plans is not None:
                    self.write(plans)
        finally:
            if collecting:
                gc.enable()

    def fail(self, read_errors: list, planning_errors: list, count: int) -> None:
        record = self.record
        # every problem of the file at once, in the file's order: a cell that cannot be read and
        # a readable cell the project does not know (an unknown account) alike
        found = sorted([*read_errors, *planning_errors], key=lambda e: (e.row or 0))
        errors = [e.as_dict() for e in found[:MAX_ERRORS]]
        if count > len(errors):  # stored as such: the page says how many it does not list
            errors.append({"file": record.file_name, "more": count - len(errors)})
        record.rows_done = record.rows_total
        record.save(update_fields=["rows_done", "rows_total"])
        _fail(record, errors)

    # -- pass 1
    def plan(self, spill, second_spill) -> list[_Plan] | None:
        """Every row read and planned (`_Plan`); None when a row has an error (the import has
        then failed, every error recorded)."""
        record, project = self.record, self.project
        jobs.phase("read")
        registry = _Registry(project, self.mandatory_fields())
        employer = project.owner.company
        if record.format == LedgerImport.Format.UBL:
            try:
                document = ubl.parse(self.data, record.file_name, registry.mandatory)
            except InputError as error:
                self.fail(error.problems, [], error.count)
                return None
            self.columns = dict(UBL_COLUMNS)
            if document.kind == "credit_note":
                self.columns["account"] = "cac:CreditNoteLine/cbc:AccountingCost"
            plan = _Plan(registry, record.file_name, self.columns, employer)
            rows = document.ledger_rows()
            record.rows_total = len(rows)
            plan.run(rows, spill)
            return self.planned([plan], [], 0)
        if record.mapping is None:
            raise InputError("a spreadsheet needs a column mapping", file=record.file_name)
        mapping = as_mapping(record.mapping)
        self.columns = dict(mapping.columns)
        if record.format == LedgerImport.Format.CSV:
            record.rows_total = max(self.data.count(b"\n") - 1, 0)
            LedgerImport.objects.filter(pk=record.pk).update(rows_total=record.rows_total)
            layout = ledger_rows.csv_layout(self.data, record.file_name)
            split = ledger_rows.csv_split(self.data, FIRST_PART_PERCENT) \
                if PARALLEL and len(self.data) >= PARALLEL_BYTES and hasattr(os, "fork") \
                else None
            if split is not None:
                self.plan_in_two(spill, second_spill, registry, mapping, layout, split)
                return None
            headers, cells = layout.headers, ledger_rows.csv_rows(self.data, layout)
        else:
            headers, cells = ledger_rows.read_table(self.data, record.file_name)
        stream = ledger_rows.iter_rows(record.file_name, headers, cells, mapping,
                                       progress=self.progress, every=PROGRESS_EVERY)
        plan = _Plan(registry, record.file_name, self.columns, employer)
        plan.run(stream, spill)
        record.rows_total = stream.total
        return self.planned([plan], list(stream.errors.items), stream.errors.count)

    def plan_in_two(self, spill, second_spill, registry, mapping, layout, split: int) -> None:
        """The first part of the file here, the rest in a forked process (which touches no
        database) that plans it in consecutive segments and hands each over as soon as it is
        planned (its plan in a temporary file, its number through a pipe). Once the first part
        is planned, this process writes it (inside the transaction), then each segment as it
        comes, while the other process plans the next one. An error anywhere rolls everything
        back."""
        record, employer = self.record, self.project.owner.company
        cuts = [split, *_segment_cuts(self.data, split)]
        context = multiprocessing.get_context("fork")
        self.child_rows = context.Value("q", 0, lock=False)
        receiver, sender = context.Pipe(duplex=False)
        with ExitStack() as files:
            temporary = [(second_spill if n == 0 else files.enter_context(
                tempfile.TemporaryFile(prefix="montage-ledger-")),
                files.enter_context(tempfile.TemporaryFile(prefix="montage-ledger-")))
                for n in range(len(cuts))]
            child = context.Process(target=_plan_second_part, daemon=True, args=(
                self.data, layout, cuts, mapping, record.file_name, registry, self.columns,
                employer, temporary, sender, self.child_rows))
            child.start()
            sender.close()
            stream = ledger_rows.iter_rows(
                record.file_name, layout.headers,
                ledger_rows.csv_rows(self.data, layout, end=split), mapping,
                progress=self.progress, every=PROGRESS_EVERY)
            first = _Plan(registry, record.file_name, self.columns, employer)
            first.run(stream, spill)

            def segments():
                """Each segment's plan as it comes (none more once an error is known: only
                their errors are gathered); `_Refused` at the end when a row has an error."""
                rows = stream.total
                read_errors = list(stream.errors.items)
                planning_errors = list(first.errors)
                count = stream.errors.count + first.error_count
                for n in range(len(cuts)):
                    try:
                        receiver.recv()
                    except EOFError:
                        child.join()
                        raise RuntimeError("the second part's process ended with "
                                           f"{child.exitcode}") from None
                    segment_spill, outcome = temporary[n]
                    outcome.seek(0)
                    plan, errors, read_count, total = pickle.load(outcome)
                    # each segment numbered its rows from 1: they follow the rows before it
                    offset = 1 + rows
                    rows += total
                    plan.registry, plan.spill = registry, segment_spill
                    plan.move_rows(offset)
                    read_errors += [e.moved(offset) for e in errors]
                    planning_errors += plan.errors
                    count += read_count + plan.error_count
                    if not count:
                        yield plan
                child.join()
                self.child_rows = None
                record.rows_total = rows
                if count:
                    raise _Refused(read_errors, planning_errors, count)
                self.progress(record.rows_total)

            try:
                if stream.errors.count or first.error_count:
                    try:  # nothing to write: the other process still names its rows' errors
                        for _ in segments():
                            pass
                    except _Refused as refused:
                        self.fail(refused.read_errors, refused.errors, refused.count)
                    return
                self.write([first], then=segments)
            finally:  # not waited for (the file imported meanwhile, a failure): stopped
                if child.is_alive():
                    child.terminate()
                child.join()
                receiver.close()

    def planned(self, plans: list[_Plan], read_errors: list, read_count: int):
        """The plans, or None once the import has failed with the errors found."""
        planning_errors = [e for plan in plans for e in plan.errors]
        count = read_count + sum(plan.error_count for plan in plans)
        self.progress(self.record.rows_total)
        jobs.phase("plan")
        if count:
            self.fail(read_errors, planning_errors, count)
            return None
        return plans

    # -- pass 2: writing, all at once
    def write(self, plans: list[_Plan], then=None) -> None:
        """Write the plans in one transaction; `then()`, called once they are written, gives
        the plans that remain (or raises `_Refused`: everything is rolled back)."""
        record, project = self.record, self.project
        employer = project.owner.company
        try:
            with _references_checked_once(), transaction.atomic():
                if imported_meanwhile(record):
                    return
                writer = _Writer(record, project, employer, plans[0].registry, self.columns,
                                 max(record.rows_total, sum(plan.planned for plan in plans)))
                for plan in plans:
                    writer.add(plan)
                    jobs.phase("write")
                for plan in (then() if then is not None else ()):
                    writer.add(plan)
                added, total, created = writer.finish()
                record.status = LedgerImport.Status.DONE
                record.lines_added = added
                record.rows_done = record.rows_total
                record.errors = []
                record.lines_already_there = writer.already_count
                record.already_there = writer.already_there_named()
                record.save(update_fields=["status", "lines_added", "rows_done",
                                           "rows_total", "errors", "lines_already_there",
                                           "already_there"])
                record_decision(record, "ledger import",
                                note=f"{added} lines added ({total} EUR excl. VAT), "
                                     f"{writer.already_count} already in the ledger, "
                                     f"{created} suppliers created")
                jobs.phase("commit")
        except _Refused as refused:  # rolled back: nothing written
            self.fail(refused.read_errors, refused.errors, refused.count)


@contextmanager
def _references_checked_once():
    """On SQLite, outside any transaction: foreign keys are not checked line by line during
    the import (a fifth of its writing time at a million lines); `_Writer.check_references`
    checks each distinct supplier, employee and account once instead, inside the write
    transaction (where no other connection can delete them any more)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = ON")


class _Refused(Exception):
    """Rows with errors found once writing had begun (a line id used twice in the file, an
    error in the part the other process read): the transaction is rolled back."""

    def __init__(self, read_errors: list[Problem], errors: list[Problem], count: int):
        super().__init__(f"{count} errors")
        self.read_errors, self.errors, self.count = read_errors, errors, count


def _plan_second_part(data, layout, cuts, mapping, file_name, registry, columns, employer,
                      files, ready, rows_read) -> None:
    """The forked process: plan each segment from `cuts[n]` to the next cut (the last to the
    end), its rows numbered from 1, into `files[n]` (spill, outcome), and send `n` once it is
    there (no database here). One registry for every segment: a supplier first met in one is
    found in the next, as one process would."""
    done = 0

    def progress(count: int) -> None:
        rows_read.value = done + count
    for n, start in enumerate(cuts):
        end = cuts[n + 1] if n + 1 < len(cuts) else None
        spill, outcome = files[n]
        stream = ledger_rows.iter_rows(file_name, layout.headers,
                                       ledger_rows.csv_rows(data, layout, start=start, end=end),
                                       mapping, progress=progress, every=PROGRESS_EVERY)
        plan = _Plan(registry, file_name, columns, employer)
        plan.run(stream, spill)
        spill.flush()
        done += stream.total
        rows_read.value = done
        plan.spill = plan.registry = None
        pickle.dump((plan, list(stream.errors.items), stream.errors.count, stream.total),
                    outcome, protocol=pickle.HIGHEST_PROTOCOL)
        outcome.flush()
        ready.send(n)
    ready.close()


def _segment_cuts(data: bytes, split: int) -> list[int]:
    """Where the second process's segments after the first begin: about every SEGMENT_PERCENT
    % of the file after `split`, each at a record's beginning (`csv_split`)."""
    cuts = []
    for percent in range(FIRST_PART_PERCENT + SEGMENT_PERCENT, 100, SEGMENT_PERCENT):
        cut = ledger_rows.csv_split(data, percent)
        if cut is None:
            break
        if cut > (cuts[-1] if cuts else split):
            cuts.append(cut)
    return cuts


class _Registry:
    """What pass 1 resolves rows against: the project's accounts and the companies and people
    already recorded, read once (pass 1 may run in a process with no database)."""

    def __init__(self, project: Project, mandatory: tuple[str, ...]):
        self.mandatory = tuple(mandatory)
        self.accounts = {a.code: a for a in Account.objects.filter(project=project)}
        self.by_vat: dict[str, Company] = {}
        self.by_name: dict[tuple, Company] = {}
        for company in Company.objects.all().only(
                "pk", "name", "vat_number", "enterprise_number", "registered_postal_code",
                "operating_postal_code", "country", "audiovisual_activity"):
            for number in (company.vat_number, company.enterprise_number):
                normal = _normal_vat(number)
                if normal:
                    self.by_vat.setdefault(normal, company)
            self.by_name.setdefault((company.name.casefold(), company.registered_postal_code),
                                    company)
        self.people: dict[tuple, Person] = {}  # the employer's own people only (permissions)
        for person in permissions.payroll_people_for(project).exclude(
                domicile_postal_code="").only(
                "pk", "first_name", "last_name", "domicile_postal_code", "domicile_country"):
            self.people.setdefault((str(person).casefold(), person.domicile_postal_code),
                                   person)


def _profile(party) -> tuple:
    """A supplier's or employee's territory profile, as the buckets key it."""
    if isinstance(party, Company):
        return buckets.supplier_profile(engine.finance_supplier(party))
    return buckets.supplier_profile(engine.person_supplier(party))


class _Plan:
    """Pass 1 over some rows: each row checked against the registry, its supplier or employee
    found or planned as new, its line kept as a compact record in a temporary file, its amount
    added to its bucket group (capped fee lines wait for pass 2: their bucket needs their
    id). Parties are numbered in the order met (`parties`); records and groups name them by
    that number."""

    def __init__(self, registry: _Registry, file_name: str, columns: dict, employer):
        self.registry = registry
        self.file_name = file_name
        self.columns = columns
        self.errors: list[Problem] = []
        self.error_count = 0
        self.parties: list = []                 # Company / Person, saved or planned
        self.groups: dict = {}
        self.planned = 0
        self.spill = None
        self.row_offset = 0
        self.employer_profile = _profile(employer) if employer else None

    def bad(self, row: int, name: str, expected: str, value: str | None = None,
            params: dict | None = None) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(Problem(file=self.file_name, row=row or None,
                                       column=self.columns.get(name, name), expected=expected,
                                       got=None if value is None else value[:80],
                                       params=params))

    def move_rows(self, offset: int) -> None:
        """Renumber the rows (errors, and the records' rows read in pass 2) by `offset`."""
        self.errors = [e.moved(offset) for e in self.errors]
        self.row_offset = offset

    def run(self, rows, spill) -> None:
        self.spill = spill
        registry = self.registry
        accounts, by_vat, by_name, people = (registry.accounts, registry.by_vat,
                                             registry.by_name, registry.people)
        mandatory = set(registry.mandatory)
        places: dict[str, bool] = {}

        def known(code: str) -> bool:
            if code not in places:
                try:
                    locate(code)
                    places[code] = True
                except InputError:
                    places[code] = False
            return places[code]

        party_index: dict[int, int] = {}
        profiles: list[tuple] = []
        facts_memo: dict = {}
        shared: dict = {}
        groups = self.groups
        stream_errors = getattr(rows, "errors", None)
        batch: list = []
        flag_fields = ledger_rows.FLAG_FIELDS
        no_flags = (False,) * len(flag_fields)
        post_production_only = tuple(name == "post_production" for name in flag_fields)
        fee_types = buckets.FEE_TYPES
        add_line, make_facts = buckets.add_line, buckets.make_facts
        employer_profile = self.employer_profile
        for row in rows:
            n = row.row
            before = self.error_count
            account = None
            if row.account:
                account = accounts.get(row.account)
                if account is None:
                    self.bad(n, "account", "a budget account of the project (e.g. %(codes)s)"
                             if accounts else "a budget account of the project (none yet)",
                             row.account, {"codes": ", ".join(sorted(accounts)[:5])})
            company = person = None
            if row.kind != "payroll":  # an invoice or a credit note
                company = (by_vat.get(row.supplier_vat) if row.supplier_vat else None) or \
                    by_name.get((row.supplier_name.casefold(), row.supplier_postal_code))
                if company is None:
                    if row.supplier_country == "BE" and not known(row.supplier_postal_code):
                        self.bad(n, "supplier_postal_code", "a Belgian postal code Statbel "
                                 "knows (check the supplier's address)", row.supplier_postal_code)
                    if row.operating_postal_code and row.supplier_country == "BE" \
                            and not known(row.operating_postal_code):
                        self.bad(n, "operating_postal_code", "a Belgian postal code Statbel "
                                 "knows", row.operating_postal_code)
                    if self.error_count == before:
                        company = Company(
                            name=row.supplier_name[:200],
                            vat_number=row.supplier_vat,
                            enterprise_number=_enterprise(row.supplier_vat),
                            country=row.supplier_country,
                            registered_street=row.supplier_street[:200],
                            registered_postal_code=row.supplier_postal_code,
                            registered_city=row.supplier_city[:100],
                            operating_postal_code=row.operating_postal_code,
                            audiovisual_activity=row.audiovisual_activity)
                        if row.supplier_vat:
                            by_vat[row.supplier_vat] = company
                        by_name[(row.supplier_name.casefold(), row.supplier_postal_code)] = \
                            company
            else:
                key = (row.employee_name.casefold(), row.employee_postal_code)
                person = people.get(key)
                if person is None:
                    if row.employee_country == "BE" and not known(row.employee_postal_code):
                        self.bad(n, "employee_postal_code", "a Belgian postal code Statbel "
                                 "knows (the employee's domicile)", row.employee_postal_code)
                    else:
                        first, _, last = row.employee_name.rpartition(" ")
                        person = Person(first_name=first[:100], last_name=(last or first)[:100],
                                        domicile_postal_code=row.employee_postal_code,
                                        domicile_country=row.employee_country)
                        people[key] = person
            if row.missing_fields:
                unknown = set(row.missing_fields) - mandatory
                if unknown:
                    self.bad(n, "missing_fields", "mandatory invoice fields among "
                             + ", ".join(sorted(mandatory)), ", ".join(sorted(unknown)))
            if self.error_count or (stream_errors is not None and stream_errors.count):
                continue  # nothing will be written: keep checking every row, stop planning
            party = company if company is not None else person
            index = party_index.get(id(party))
            if index is None:
                index = party_index[id(party)] = len(self.parties)
                self.parties.append(party)
                profiles.append(_profile(party))
            # the facts the write needs, as plain values
            payroll = row.kind == "payroll"
            code = account.code if account else ""
            cost_type = row.cost_type if row.cost_type != "direct" or not account \
                else account.cost_type
            given = row.flags
            if not given:  # most lines: no flag, post-production from the account
                flags = post_production_only if account is not None \
                    and account.post_production else no_flags
            else:
                flags = tuple(bool(given.get(name, False)) for name in flag_fields)
                if "post_production" not in given and account is not None:
                    flags = tuple(account.post_production if name == "post_production" else v
                                  for name, v in zip(flag_fields, flags))
            flag_values = flags + (bool(row.directly_linked),)
            missing = tuple(row.missing_fields) if not payroll else ()
            date, amount, manager = row.date, row.amount, row.manager_services
            paid = row.paid_on is not None
            batch.append(LedgerLine(
                row.kind, index, date.toordinal(), row.number, str(amount),
                str(row.vat_rate), row.description, code, cost_type,
                row.paid_on.toordinal() if paid else 0, flag_values, row.studio,
                str(manager), row.manager_lives_in_wallonia, missing, row.source_key(),
                row.id, n, row.credits))
            self.planned += 1
            if len(batch) >= CHUNK:
                _spill(spill, batch)
                batch = []
            if cost_type in fee_types or row.kind == "credit_note":
                # a fee is capped in ledger order: its bucket is made in pass 2, with its id;
                # a credit note counts in its invoice's bucket, once netted in pass 2
                continue
            # the same facts in the same month make the same key: computed once
            memo = (date.year, date.month, row.kind, cost_type, code, index, flag_values,
                    row.studio, row.manager_lives_in_wallonia, missing)
            facts = facts_memo.get(memo)
            if facts is None:
                facts = make_facts(
                    date, row.kind, cost_type, code, profiles[index],
                    employer_profile if payroll else None, flag_values,
                    row.studio, row.manager_lives_in_wallonia, missing, None)
                # many memo entries share a bucket: they share its facts too (memory)
                facts = facts_memo[memo] = shared.setdefault(facts[0], facts)
            add_line(groups, facts[0], facts[1], date, None if payroll else index, code,
                     row.kind, cost_type, amount, manager, paid)
        if batch:
            _spill(spill, batch)


class _Writer:
    """Pass 2, inside the write transaction: each plan's new parties saved, its records
    written in chunks (executemany, no model instance per line), its bucket groups merged;
    then (`finish`) the fee lines' buckets and every group applied."""

    COLUMNS = ("owner_id", "kind", "supplier_id", "work_id", "date", "number",
               "amount_excl_vat", "vat_rate", "description", "project_id", "account_id",
               "purchase_order_id", "employee_id", "cost_type", "paid_on", "studio",
               "manager_services", "manager_lives_in_wallonia", *FLAGS, "missing_fields",
               "ledger_import_id", "source_key")

    def __init__(self, record: LedgerImport, project: Project, employer, registry: _Registry,
                 columns: dict, lines_expected: int):
        self.record, self.project, self.employer = record, project, employer
        self.columns = columns
        self.registry = registry
        self.employer_profile = _profile(employer) if employer else None
        self.accounts = {code: account.pk for code, account in registry.accounts.items()}
        self.errors: list[Problem] = []
        self.error_count = 0
        self.seen: set[str] = set()
        self.repeats: dict[str, int] = {}
        self.profiles: dict[int, tuple] = {}
        self.final: list[list] = []           # per plan: its parties as saved records
        self.planned_parties: list[list] = []  # per plan: its parties as it saw them
        self.groups: dict = {}
        self.fees: dict[str, tuple] = {}
        self.notes: dict[str, tuple] = {}     # credit notes written: source key → (row, credits)
        self.added, self.total, self.created = 0, Decimal(0), 0
        self.already_there: list[tuple[int, str]] = []  # (file row, source key), the first ones
        self.already_count = 0
        # lines already in the ledger (an overlapping file): skipped, not errors. A ledger
        # smaller than the file is read once (its keys only); otherwise asked by chunks.
        self.in_ledger = Expense.all_objects.filter(project=project).exclude(source_key="")
        self.ledger_lines = self.in_ledger.count()
        self.existing: set | None = None
        if self.ledger_lines and self.ledger_lines <= lines_expected:
            self.existing = set(self.in_ledger.values_list("source_key", flat=True))
        ops = connection.ops
        self.sql = (f"INSERT INTO {ops.quote_name(Expense._meta.db_table)} "
                    f"({', '.join(self.COLUMNS)}) "
                    f"VALUES ({', '.join(['%s'] * len(self.COLUMNS))})")

    def save_parties(self, plan: _Plan) -> list:
        """The plan's parties as saved records. A party a later part of the file planned as
        new may be one an earlier part already met or planned: it is looked up again, in file
        order, the way the earlier part looked up its own rows."""
        by_vat, by_name, people = (self.registry.by_vat, self.registry.by_name,
                                   self.registry.people)
        later = bool(self.final)
        mapped = []
        for party in plan.parties:
            if later and party.pk is None:
                if isinstance(party, Company):
                    found = (by_vat.get(party.vat_number) if party.vat_number else None) \
                        or by_name.get((party.name.casefold(), party.registered_postal_code))
                    if found is None:
                        if party.vat_number:
                            by_vat[party.vat_number] = party
                        by_name[(party.name.casefold(), party.registered_postal_code)] = party
                else:
                    key = (str(party).casefold(), party.domicile_postal_code)
                    found = people.setdefault(key, party)
                party = found or party
            mapped.append(party)
        new = {id(p): p for p in mapped if p.pk is None}
        for party in new.values():  # a new supplier or employee is the project owner's record
            party.owner_id = self.project.owner_id
        companies = [p for p in new.values() if isinstance(p, Company)]
        Company.objects.bulk_create(companies, batch_size=500)
        Person.objects.bulk_create([p for p in new.values() if isinstance(p, Person)],
                                   batch_size=500)
        self.created += len(companies)
        return mapped

    def add(self, plan: _Plan) -> None:
        """Write one plan's lines (nothing more once a row error is found: the transaction
        will be rolled back; the keys are still checked, to name every error)."""
        project, record = self.project, self.record
        parties = self.save_parties(plan)
        self.final.append(parties)
        self.planned_parties.append(plan.parties)  # alive: `profile` caches by their id
        # a party whose facts differ from what its plan saw (a later part met it as new, an
        # earlier part had it with another seat): its lines are bucketed again below
        again = {i for i, (seen, party) in enumerate(zip(plan.parties, parties))
                 if seen is not party and self.profile(seen) != self.profile(party)}
        groups = self.groups
        for key, group in plan.groups.items():
            index = group["supplier_id"]
            buckets.merge_group(groups, key, dict(
                group, supplier_id=None if index is None else parties[index].pk))
        ops = connection.ops
        adapt_date = ops.adapt_datefield_value
        # amounts are spilled as the canonical text of a cent-exact Decimal: SQLite's driver
        # would turn each Decimal back into that same text, so it gets the text itself (one
        # Decimal and one adapter call fewer per line); other drivers get the Decimal
        as_text = connection.vendor == "sqlite"
        json_field = Expense._meta.get_field("missing_fields")
        json_cache: dict = {}
        dates: dict[int, object] = {0: adapt_date(None)}
        decimals: dict[str, object] = {}
        owner_id, work_id, project_id, record_id = (project.owner_id, project.work_id,
                                                    project.pk, record.pk)
        fee_types, fees, accounts = buckets.FEE_TYPES, self.fees, self.accounts
        in_ledger, existing = self.in_ledger, self.existing
        seen, source_key_of = self.seen, self.source_key
        row_offset = plan.row_offset
        cents, other = 0, Decimal(0)  # the lines' total: integer cents (exact, and cheaper
                                      # than Decimal sums), else Decimal
        plan.spill.seek(0)
        with connection.cursor() as cursor:
            for chunk in _unspill(plan.spill):
                keys = []
                for line in chunk:  # the natural key, or "#2", "#3"… (source_key)
                    base = line[15]
                    if base in seen:
                        keys.append(source_key_of(base, line[16], line[17] + row_offset))
                    else:
                        seen.add(base)
                        keys.append(base)
                if self.error_count:
                    continue
                if self.ledger_lines and existing is None:
                    found: set | tuple = set()
                    for start in range(0, len(keys), 900):
                        found.update(in_ledger.filter(source_key__in=keys[start:start + 900])
                                     .values_list("source_key", flat=True))
                else:
                    found = existing or ()
                batch = []
                append = batch.append
                for line, source_key in zip(chunk, keys):
                    (kind, index, ordinal, number, amount, vat_rate, description, code,
                     cost_type, paid_ordinal, flag_values, studio, manager_services,
                     manager_wallonia, missing, *_) = line
                    day = dates.get(ordinal)
                    if day is None:
                        day = dates[ordinal] = adapt_date(dt.date.fromordinal(ordinal))
                    paid = dates.get(paid_ordinal, dates)  # 0, unpaid: None
                    if paid is dates:
                        paid = dates[paid_ordinal] = adapt_date(dt.date.fromordinal(paid_ordinal))
                    party = parties[index]
                    note = kind == "credit_note"
                    fee = note or cost_type in fee_types  # no bucket group planned for either
                    if found and source_key in found:  # already in the ledger: skipped, named
                        self.already_count += 1
                        if len(self.already_there) < ALREADY_THERE_LISTED:
                            self.already_there.append((line.row + row_offset, source_key))
                        if not fee:
                            self.bucket(groups, line, plan.parties[index], -1)
                        continue
                    if note:
                        self.notes[source_key] = (line.row + row_offset, line.credits)
                    elif again and index in again and not fee:
                        self.bucket(groups, line, plan.parties[index], -1)
                        self.bucket(groups, line, party, 1)
                    whole, _, fraction = amount.partition(".")
                    if len(fraction) <= 2 and "E" not in whole:  # "-1234.5", "12.34", "7"
                        cents += int(whole + (fraction + "00")[:2])
                    else:
                        other += Decimal(amount)
                    manager = decimals.get(manager_services)
                    if manager is None:
                        manager = decimals[manager_services] = \
                            manager_services if as_text else Decimal(manager_services)
                    rate = decimals.get(vat_rate)
                    if rate is None:
                        rate = decimals[vat_rate] = vat_rate if as_text else Decimal(vat_rate)
                    json = json_cache.get(missing)
                    if json is None:
                        json = json_cache[missing] = json_field.get_db_prep_save(
                            list(missing), connection)
                    payroll = kind == "payroll"
                    append((
                        owner_id, kind, None if payroll else party.pk, work_id, day,
                        number, amount if as_text else Decimal(amount), rate,
                        description, project_id, accounts.get(code), None,
                        party.pk if payroll else None, cost_type, paid, studio,
                        manager, manager_wallonia, *flag_values,
                        json, record_id, source_key))
                    if fee and not note:
                        fees[source_key] = (line, party)
                if batch:
                    batch.sort(key=_by_source_key)
                    cursor.executemany(self.sql, batch)
                    self.added += len(batch)
        total = Decimal(cents).scaleb(-2) + other
        self.total += total

    def finish(self) -> tuple[int, Decimal, int]:
        """The fee lines' buckets (each needs its line id), every group applied, every
        reference checked. Returns (lines added, their total, suppliers created)."""
        if self.error_count:
            raise _Refused([], self.errors, self.error_count)
        groups, fees = self.groups, self.fees
        if fees:
            keys = list(fees)
            ids = {}
            for start in range(0, len(keys), 900):
                ids.update(Expense.objects.filter(project=self.project,
                                                  source_key__in=keys[start:start + 900])
                           .values_list("source_key", "pk"))
            for source_key, (line, party) in fees.items():
                self.bucket(groups, line, party, 1, ids[source_key])
        groups = {key: group for key, group in groups.items() if group["lines"]}
        buckets.apply_groups(self.project, groups,
                             employer_id=self.employer.pk if self.employer else None)
        self.net_notes()
        self.check_references()
        return self.added, self.total, self.created

    def already_there_named(self) -> list[dict]:
        """The skipped rows named: file row → the line in the ledger and the import that
        added it (none for a line typed in a form)."""
        keys = [key for _, key in self.already_there]
        lines = {key: (pk, import_id) for key, pk, import_id in Expense.all_objects.filter(
            project=self.project, source_key__in=keys).values_list(
            "source_key", "pk", "ledger_import_id")}
        return [{"row": row, "line": lines[key][0], "import": lines[key][1]}
                for row, key in self.already_there if key in lines]

    def net_notes(self) -> None:
        """The file's credit notes netted, in the file's order, against the invoices now in the
        ledger (this file's included), then counted in their invoices' buckets. A credit note
        that cannot be netted is a row error: everything is rolled back."""
        if not self.notes:
            return
        keys = list(self.notes)
        rows = {}
        for start in range(0, len(keys), 900):
            rows.update((row.source_key, row) for row in Expense.objects.filter(
                project=self.project, source_key__in=keys[start:start + 900])
                .select_related("supplier"))
        for source_key, (row, reference) in self.notes.items():
            try:
                credits.net(self.project, rows[source_key], reference)
            except InputError as refusal:
                self.error_count += 1
                if len(self.errors) < MAX_ERRORS:
                    problem = refusal.problems[0]
                    self.errors.append(dataclasses.replace(
                        problem, file=self.record.file_name, row=row,
                        column=self.columns.get(problem.column, problem.column)))
        if self.error_count:
            raise _Refused([], self.errors, self.error_count)
        ids = [row.pk for row in rows.values()]
        for start in range(0, len(ids), 900):
            buckets.record_expenses(self.project, Expense.objects.filter(
                pk__in=ids[start:start + 900]).prefetch_related(*buckets.CREDIT_PREFETCH))

    def check_references(self) -> None:
        """Every supplier, employee and budget account the new lines name still exists."""
        wanted = ((Company, {p.pk for parties in self.final for p in parties
                             if isinstance(p, Company)}),
                  (Person, {p.pk for parties in self.final for p in parties
                            if isinstance(p, Person)}),
                  (Account, set(self.accounts.values())))
        for model, ids in wanted:
            ids = list(ids)
            for start in range(0, len(ids), 900):
                part = ids[start:start + 900]
                if model.objects.filter(pk__in=part).count() != len(part):
                    raise MontageError(DELETED_MEANWHILE[model])

    def source_key(self, base: str, line_id: str, row: int) -> str:
        """The line's key: its natural key, followed by "#2", "#3"… when the file repeats it
        (the same invoice line twice); a line id of the software may not repeat."""
        if base not in self.seen:
            self.seen.add(base)
            return base
        occurrence = self.repeats.get(base, 1) + 1
        self.repeats[base] = occurrence
        if line_id:
            self.error_count += 1
            if len(self.errors) < MAX_ERRORS:
                self.errors.append(Problem(file=self.record.file_name, row=row,
                                           column=self.columns.get("id", "id"),
                                           expected="a line id used once in the file",
                                           got=line_id[:80]))
        return f"{base}#{occurrence}"[:120]

    def profile(self, party) -> tuple:
        found = self.profiles.get(id(party))
        if found is None:
            found = self.profiles[id(party)] = _profile(party)
        return found

    def bucket(self, groups: dict, line: LedgerLine, party, sign: int, line_pk=None) -> None:
        """Add (sign 1) or take out (sign -1) one planned line of its bucket group."""
        (kind, _, ordinal, _, amount, _, _, code, cost_type, paid_ordinal, flag_values, studio,
         manager_services, manager_wallonia, missing, *_) = line
        date = dt.date.fromordinal(ordinal)
        payroll = kind == "payroll"
        key, keep = buckets.make_facts(
            date, kind, cost_type, code, self.profile(party),
            self.employer_profile if payroll else None,
            flag_values, studio, manager_wallonia, missing,
            line_pk)
        buckets.add_line(groups, key, keep, date, None if payroll else party.pk, code, kind,
                         cost_type, sign * Decimal(amount), sign * Decimal(manager_services),
                         paid_ordinal != 0, lines=sign)


def _by_source_key(values: tuple):
    """Each chunk is inserted in the order of the unique (project, source key) index: with
    random keys its inserts otherwise land on pages all over it, which a million lines no
    longer keep in the page cache (measured: a fifth of the writing time). The other indexes do
    not mind the order: their entries end with the row id, which only grows."""
    return values[27]


def _spill(file, records: list[LedgerLine]) -> None:
    blob = marshal.dumps([tuple(record) for record in records])  # marshal: plain tuples
    file.write(len(blob).to_bytes(8, "little"))
    file.write(blob)


def _unspill(file):
    while True:
        size = file.read(8)
        if not size:
            return
        yield list(map(_LINE, marshal.loads(file.read(int.from_bytes(size, "little")))))


_LINE = LedgerLine._make


def _normal_vat(text: str) -> str:
    if not text:
        return ""
    compact = "".join(c for c in text if c.isalnum()).upper()
    if compact.isdigit():
        compact = "BE" + compact.zfill(10)
    return compact


def _enterprise(vat: str) -> str:
    if vat.startswith("BE") and len(vat) == 12:
        digits = vat[2:]
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return ""


def progress_payload(record: LedgerImport) -> dict:
    total = record.rows_total or 0
    done = min(record.rows_done or 0, total) if total else record.rows_done or 0
    finished = record.status not in (LedgerImport.Status.QUEUED, LedgerImport.Status.RUNNING)
    percent = 100 if finished else ((done * 100 // total) if total else 0)
    return {"id": record.pk, "status": record.status,
            "status_label": str(LedgerImport.Status(record.status).label),
            "rows_total": total, "rows_done": done,
            "percent": percent, "lines_added": record.lines_added,
            "errors": len(record.errors or []), "finished": finished}


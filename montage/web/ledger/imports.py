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
- Progress: `rows_done` counts the rows checked, saved every PROGRESS_EVERY rows (autocommit,
  outside the writing transaction) so a page can poll it; the write itself is one transaction.
- Large files: lines are inserted with executemany in chunks (no per-row ORM save), territory is
  cached per postal code, suppliers per number: the benchmark runs this same code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import tempfile
import threading
from decimal import Decimal

from django.db import close_old_connections, connection, transaction

from montage.errors import InputError, MontageError
from montage.finance import expenses as fin
from montage.finance import ledger_rows, ubl
from montage.finance.ledger_rows import MAX_ERRORS, Mapping, RowError
from montage.law import parameters as law_parameters
from montage.territory import locate
from montage.web.core.audit import acting_as, record_decision
from montage.web.core.models import (Account, ColumnMapping, Company, Expense, LedgerImport,
                                     Person, Project)
from montage.web.ledger import buckets, engine

RUN_IN_BACKGROUND = True   # tests set it to False: the import then runs in the request
PROGRESS_EVERY = 2000
CHUNK = 20000
UBL_COLUMNS = {"supplier_postal_code": "cac:AccountingSupplierParty/cac:PostalAddress/"
                                       "cbc:PostalZone",
               "account": "cac:InvoiceLine/cbc:AccountingCost"}


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
    """Record the import (RUNNING, or DUPLICATE when this exact file was imported already)."""
    file_format = detect_format(file_name, data)
    digest = sha256(data)
    common = dict(project=project, file_name=file_name[:255], sha256=digest, format=file_format,
                  mapping=mapping, created_by=user if user is not None and user.pk else None)
    if LedgerImport.objects.filter(project=project, sha256=digest,
                                   status=LedgerImport.Status.DONE).exists():
        return LedgerImport.objects.create(status=LedgerImport.Status.DUPLICATE, **common)
    if file_format != LedgerImport.Format.UBL and mapping is None:
        raise InputError("a spreadsheet needs a column mapping", file=file_name)
    return LedgerImport.objects.create(status=LedgerImport.Status.RUNNING, **common)


def import_file(project: Project, file_name: str, data: bytes, *,
                mapping: ColumnMapping | None = None, user=None) -> LedgerImport:
    """Import now, in this thread (commands, tests, the benchmark)."""
    record = start_import(project, file_name, data, mapping=mapping, user=user)
    if record.status == LedgerImport.Status.RUNNING:
        run_import(record, data, user=user)
    return record


def launch(record: LedgerImport, data: bytes, user=None) -> None:
    """Run the import in a background thread (its own database connection)."""
    if record.status != LedgerImport.Status.RUNNING:
        return
    if not RUN_IN_BACKGROUND:
        run_import(record, data, user=user)
        return

    def work():
        try:
            run_import(LedgerImport.objects.get(pk=record.pk), data, user=user)
        finally:
            close_old_connections()
            connection.close()
    threading.Thread(target=work, name=f"ledger-import-{record.pk}", daemon=True).start()


def run_import(record: LedgerImport, data: bytes, user=None) -> LedgerImport:
    with acting_as(user):
        try:
            _Import(record, data).run()
        except MontageError as error:
            _fail(record, [{"file": record.file_name, "row": None, "column": "",
                            "expected": str(error), "value": ""}])
        except UnicodeDecodeError:
            _fail(record, [{"file": record.file_name, "row": None, "column": "",
                            "expected": "a text file encoded in UTF-8 or Windows-1252",
                            "value": ""}])
        except Exception as error:  # a bug must not leave the import "running" for ever
            _fail(record, [{"file": record.file_name, "row": None, "column": "",
                            "expected": f"an importable file (internal error: "
                                        f"{type(error).__name__})", "value": ""}])
            raise
    return record


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
        self.errors: list[RowError] = []
        self.error_count = 0
        self.read_errors: list[RowError] = []
        self.read_error_count = 0
        self.stream = None
        self.columns: dict[str, str] = {}

    def bad(self, row: int, name: str, expected: str, value: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(self.record.file_name, row,
                                        self.columns.get(name, name), expected, value[:80]))

    def progress(self, done: int) -> None:
        LedgerImport.objects.filter(pk=self.record.pk).update(
            rows_done=done, rows_total=max(done, self.record.rows_total))

    # -- reading
    def read(self):
        """The checked rows, one at a time (a large file is never held as row objects)."""
        record = self.record
        if record.format == LedgerImport.Format.UBL:
            try:
                document = ubl.parse(self.data, record.file_name, self.mandatory_fields())
            except ubl.UblErrors as error:
                self.read_errors, self.read_error_count = error.errors, len(error.errors)
                return []
            self.columns = dict(UBL_COLUMNS)
            if document.kind == "credit_note":
                self.bad(0, "cbc:CreditNoteTypeCode", "an Invoice (a credit note is not "
                         "imported: net it against its invoice in the ledger)",
                         document.number)
                return []
            rows = document.ledger_rows()
            record.rows_total = len(rows)
            return rows
        if record.mapping is None:
            raise InputError("a spreadsheet needs a column mapping", file=record.file_name)
        mapping = as_mapping(record.mapping)
        self.columns = dict(mapping.columns)
        headers, cells = ledger_rows.read_table(self.data, record.file_name)
        record.rows_total = max(self.data.count(b"\n") - 1, 0) \
            if record.format == LedgerImport.Format.CSV else 0
        LedgerImport.objects.filter(pk=record.pk).update(rows_total=record.rows_total)
        self.stream = ledger_rows.iter_rows(record.file_name, headers, cells, mapping,
                                            progress=self.progress, every=PROGRESS_EVERY)
        return self.stream

    def read_done(self) -> None:
        stream = self.stream
        if stream is not None:
            self.read_errors, self.read_error_count = list(stream.errors.items), \
                stream.errors.count
            self.record.rows_total = stream.total

    @staticmethod
    def mandatory_fields() -> tuple[str, ...]:
        return tuple(law_parameters.default().get("spillover.invoice_mandatory_fields",
                                                  dt.date.today()).value)

    # -- the whole import
    def run(self) -> None:
        """Two passes: every row read, checked and resolved against the registry, the lines to
        write kept as compact records in a temporary file; then, only when no row has an
        error, the records read back and written in one transaction."""
        record = self.record
        with tempfile.TemporaryFile(prefix="montage-ledger-") as spill:
            plan = self.check(self.read(), spill)
            if self.read_error_count:  # as before: registry errors only for a readable file
                self.errors, self.error_count = self.read_errors, self.read_error_count
            if self.error_count:
                errors = [e.as_dict() for e in self.errors]
                if self.error_count > len(self.errors):
                    errors.append({"file": record.file_name, "row": None, "column": "",
                                   "expected": f"{self.error_count - len(self.errors)} more "
                                               "errors not shown", "value": ""})
                record.rows_done = record.rows_total
                record.save(update_fields=["rows_done", "rows_total"])
                _fail(record, errors)
                return
            spill.seek(0)
            self.write(plan, spill)

    # -- pass 1: checking everything against the registry
    def check(self, rows, spill) -> dict:
        project = self.project
        accounts = {a.code: a for a in Account.objects.filter(project=project)}
        mandatory = set(self.mandatory_fields())
        places: dict[str, bool] = {}

        def known(code: str) -> bool:
            if code not in places:
                try:
                    locate(code)
                    places[code] = True
                except InputError:
                    places[code] = False
            return places[code]

        by_vat: dict[str, Company] = {}
        by_name: dict[tuple, Company] = {}
        for company in Company.objects.all().only(
                "pk", "name", "vat_number", "enterprise_number", "registered_postal_code",
                "operating_postal_code", "country", "audiovisual_activity"):
            for number in (company.vat_number, company.enterprise_number):
                normal = _normal_vat(number)
                if normal:
                    by_vat.setdefault(normal, company)
            by_name.setdefault((company.name.casefold(), company.registered_postal_code),
                               company)
        people: dict[tuple, Person] = {}
        for person in Person.objects.exclude(domicile_postal_code="").only(
                "pk", "first_name", "last_name", "domicile_postal_code", "domicile_country"):
            people.setdefault((str(person).casefold(), person.domicile_postal_code), person)

        new_companies: dict[int, Company] = {}
        new_people: dict[int, Person] = {}
        parties: list = []              # the suppliers and employees of the planned lines
        party_index: dict[int, int] = {}
        keys_seen: dict[str, int] = {}
        stream = self.stream
        batch: list = []
        planned = 0
        flag_fields = ledger_rows.FLAG_FIELDS
        for row in rows:
            if stream is not None and stream.errors.count:
                continue  # the file has errors: read on to name them all, resolve nothing
            n = row.row
            before = self.error_count
            account = None
            if row.account:
                account = accounts.get(row.account)
                if account is None:
                    self.bad(n, "account", "a budget account of the project (e.g. "
                             f"{', '.join(sorted(accounts)[:5]) or 'none yet'})", row.account)
            company = person = None
            if row.kind == "invoice":
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
                        new_companies[id(company)] = company
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
                        new_people[id(person)] = person
                        people[key] = person
            if row.missing_fields:
                unknown = set(row.missing_fields) - mandatory
                if unknown:
                    self.bad(n, "missing_fields", "mandatory invoice fields among "
                             + ", ".join(sorted(mandatory)), ", ".join(sorted(unknown)))
            if self.error_count != before:
                continue
            base = row.source_key()
            occurrence = keys_seen.get(base, 0) + 1
            keys_seen[base] = occurrence
            if occurrence > 1 and row.id:
                self.bad(n, "id", "a line id used once in the file", row.id)
                continue
            if self.error_count:
                continue  # nothing will be written: keep checking, stop planning
            source_key = base if occurrence == 1 else f"{base}#{occurrence}"[:120]
            party = company if company is not None else person
            index = party_index.get(id(party))
            if index is None:
                index = party_index[id(party)] = len(parties)
                parties.append(party)
            # the facts the write needs, as plain values (what `write` derived before)
            payroll = row.kind == "payroll"
            cost_type = row.cost_type if row.cost_type != "direct" or not account \
                else account.cost_type
            given = row.flags
            flags = tuple(bool(given.get(name, False)) for name in flag_fields)
            if "post_production" not in given and account is not None:
                flags = tuple(account.post_production if name == "post_production" else v
                              for name, v in zip(flag_fields, flags))
            batch.append((
                row.kind, index, row.date.toordinal(), row.number, str(row.amount),
                str(row.vat_rate), row.description, account.code if account else "", cost_type,
                row.paid_on.toordinal() if row.paid_on is not None else 0,
                flags + (bool(row.directly_linked),), row.studio, str(row.manager_services),
                row.manager_lives_in_wallonia,
                tuple(row.missing_fields) if not payroll else (), source_key))
            planned += 1
            if len(batch) >= CHUNK:
                _spill(spill, batch)
                batch = []
        if batch:
            _spill(spill, batch)
        self.read_done()
        self.progress(self.record.rows_total)
        return {"planned": planned, "accounts": accounts, "parties": parties,
                "companies": list(new_companies.values()), "people": list(new_people.values())}

    # -- pass 2: writing, all at once
    def write(self, plan: dict, spill) -> None:
        record, project = self.record, self.project
        employer = project.owner.company
        accounts = plan["accounts"]
        parties = plan["parties"]
        with transaction.atomic():
            Company.objects.bulk_create(plan["companies"], batch_size=500)
            Person.objects.bulk_create(plan["people"], batch_size=500)
            # lines already in the ledger (an overlapping file): skipped, not errors. A ledger
            # smaller than the file is read once (its keys only); otherwise asked by chunks.
            in_ledger = Expense.objects.filter(project=project).exclude(source_key="")
            count = in_ledger.count() if plan["planned"] else 0
            existing: set | None = None
            if count and count <= plan["planned"]:
                existing = set(in_ledger.values_list("source_key", flat=True))
            groups: dict = {}
            fees: dict[str, tuple] = {}
            employer_profile = buckets.supplier_profile(engine.finance_supplier(employer)) \
                if employer else None
            profiles: dict[int, tuple] = {}

            def profile(index: int) -> tuple:
                found = profiles.get(index)
                if found is None:
                    obj = parties[index]
                    if isinstance(obj, Company):
                        supplier = engine.finance_supplier(obj)
                    else:
                        supplier = fin.Supplier(name=str(obj),
                                                postal_code=obj.domicile_postal_code or None,
                                                country=obj.domicile_country or "BE")
                    found = profiles[index] = buckets.supplier_profile(supplier)
                return found

            columns = ("owner_id", "kind", "supplier_id", "work_id", "date", "number",
                       "amount_excl_vat", "vat_rate", "description", "project_id", "account_id",
                       "purchase_order_id", "employee_id", "cost_type", "paid_on",
                       "location_rental", "studio", "manager_services",
                       "manager_lives_in_wallonia", "post_production", "vfx",
                       "vehicle_rental_agency", "hotel_night", "private_flat_set",
                       "directly_linked", "missing_fields", "ledger_import_id", "source_key")
            sql = (f"INSERT INTO {connection.ops.quote_name(Expense._meta.db_table)} "
                   f"({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})")
            ops = connection.ops
            adapt_date, adapt_decimal = ops.adapt_datefield_value, ops.adapt_decimalfield_value
            json_field = Expense._meta.get_field("missing_fields")
            json_cache: dict = {}
            facts_memo: dict = {}
            dates: dict[int, tuple] = {0: (None, adapt_date(None))}
            decimals: dict[str, Decimal] = {}
            flag_names = ledger_rows.FLAG_FIELDS + ("directly_linked",)
            owner_id, work_id, project_id, record_id = (project.owner_id, project.work_id,
                                                        project.pk, record.pk)
            fee_types = buckets.FEE_TYPES
            add_line, make_facts = buckets.add_line, buckets.make_facts
            added = 0
            total = Decimal(0)
            with connection.cursor() as cursor:
                for chunk in _unspill(spill):
                    if count and existing is None:
                        keys = [r[-1] for r in chunk]
                        found: set = set()
                        for start in range(0, len(keys), 900):
                            found.update(in_ledger.filter(source_key__in=keys[start:start + 900])
                                         .values_list("source_key", flat=True))
                    else:
                        found = existing or ()
                    batch = []
                    for (kind, index, ordinal, number, amount, vat_rate, description, code,
                         cost_type, paid_ordinal, flag_values, studio, manager_services,
                         manager_wallonia, missing, source_key) in chunk:
                        if source_key in found:
                            continue
                        day = dates.get(ordinal)
                        if day is None:
                            date = dt.date.fromordinal(ordinal)
                            day = dates[ordinal] = (date, adapt_date(date))
                        paid = dates.get(paid_ordinal)
                        if paid is None:
                            date = dt.date.fromordinal(paid_ordinal)
                            paid = dates[paid_ordinal] = (date, adapt_date(date))
                        date = day[0]
                        payroll = kind == "payroll"
                        party = parties[index]
                        account = accounts[code] if code else None
                        amount = Decimal(amount)
                        total += amount
                        manager = decimals.get(manager_services)
                        if manager is None:
                            manager = decimals[manager_services] = Decimal(manager_services)
                        rate = decimals.get(vat_rate)
                        if rate is None:
                            rate = decimals[vat_rate] = Decimal(vat_rate)
                        if missing not in json_cache:
                            json_cache[missing] = json_field.get_db_prep_save(list(missing),
                                                                              connection)
                        (location_rental, post_production, vfx, vehicle, hotel, flat,
                         linked) = flag_values
                        supplier_id = None if payroll else party.pk
                        batch.append((
                            owner_id, kind, supplier_id, work_id, day[1], number,
                            adapt_decimal(amount, 14, 2), adapt_decimal(rate, 5, 4), description,
                            project_id, account.pk if account else None, None,
                            party.pk if payroll else None, cost_type, paid[1], location_rental,
                            studio, adapt_decimal(manager, 14, 2), manager_wallonia,
                            post_production, vfx, vehicle, hotel, flat, linked,
                            json_cache[missing], record_id, source_key))
                        supplier_profile = profile(index)
                        if cost_type in fee_types:
                            flags = dict(zip(flag_names, flag_values))
                            args = (date, kind, cost_type, code, supplier_profile,
                                    employer_profile if payroll else None, flags, studio,
                                    manager_wallonia, missing)
                            fees[source_key] = (args, (supplier_id, amount, manager,
                                                       paid_ordinal != 0))
                            continue
                        # the same facts in the same month make the same key: computed once
                        memo = (date.year, date.month, kind, cost_type, code, index,
                                flag_values, studio, manager_wallonia, missing)
                        facts = facts_memo.get(memo)
                        if facts is None:
                            flags = dict(zip(flag_names, flag_values))
                            facts = facts_memo[memo] = make_facts(
                                date, kind, cost_type, code, supplier_profile,
                                employer_profile if payroll else None, flags, studio,
                                manager_wallonia, missing, None)
                        add_line(groups, facts[0], facts[1], date, supplier_id, code, kind,
                                 cost_type, amount, manager, paid_ordinal != 0)
                    if batch:
                        batch.sort(key=_by_date)
                        cursor.executemany(sql, batch)
                        added += len(batch)
            if fees:
                ids = dict(Expense.objects.filter(ledger_import=record,
                                                  source_key__in=list(fees))
                           .values_list("source_key", "pk")) if len(fees) < 900 else dict(
                    Expense.objects.filter(ledger_import=record, cost_type__in=fee_types)
                    .values_list("source_key", "pk"))
                for source_key, (args, money) in fees.items():
                    key, keep = make_facts(*args, ids[source_key])
                    add_line(groups, key, keep, args[0], money[0], args[3], args[1],
                             args[2], *money[1:])
            buckets.apply_groups(project, groups,
                                 employer_id=employer.pk if employer else None)
            record.status = LedgerImport.Status.DONE
            record.lines_added = added
            record.rows_done = record.rows_total
            record.errors = []
            record.save(update_fields=["status", "lines_added", "rows_done", "rows_total",
                                       "errors"])
            record_decision(record, "ledger import",
                            note=f"{added} lines added ({total} EUR excl. VAT), "
                                 f"{len(plan['companies'])} suppliers created")


def _by_date(values: tuple):
    return values[4]  # the (project, date) index: inserted in its order, pages stay warm


def _spill(file, records: list) -> None:
    blob = marshal.dumps(records)
    file.write(len(blob).to_bytes(8, "little"))
    file.write(blob)


def _unspill(file):
    while True:
        size = file.read(8)
        if not size:
            return
        yield marshal.loads(file.read(int.from_bytes(size, "little")))


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


def errors_as_text(record: LedgerImport) -> list[str]:
    out = []
    for error in record.errors or []:
        if error.get("row") is None:
            out.append(f"{error['file']}: {error['expected']}")
        else:
            out.append(str(RowError(error["file"], error["row"], error["column"],
                                    error["expected"], error.get("value", ""))))
    return out


def progress_payload(record: LedgerImport) -> dict:
    total = record.rows_total or 0
    done = min(record.rows_done or 0, total) if total else record.rows_done or 0
    percent = 100 if record.status != LedgerImport.Status.RUNNING else (
        (done * 100 // total) if total else 0)
    return {"id": record.pk, "status": record.status, "rows_total": total, "rows_done": done,
            "percent": percent, "lines_added": record.lines_added,
            "errors": len(record.errors or []), "finished": record.status !=
            LedgerImport.Status.RUNNING}


"""The fund's one writer: every record of the fund desk (calls, applications, scores, decisions,
commitments and their tranches, verified spend, recoupments, cancellations, the enterprise
fund's holdings, instruments and movements, the film office's shooting files) is written here,
whatever the channel (the desk's pages today). Views check who may act (montage.web.permissions)
and validate the form; the procedure's own refusals are here and raise `Refused` with the field
they concern, so every channel refuses the same way. The rules the writes follow are read from
montage/web/fund/rules.py (terms, checks, schedule), which writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import get_language, gettext as _, gettext_noop, pgettext

from montage.errors import InputError
from montage.web.fund import records, rules
from montage.web.fund.models import (Application, Call, Commitment, CommitmentCancellation,
                                     Decision, EnterpriseHolding, EnterpriseInstrument,
                                     EnterpriseMovement, RecoupmentReceipt, ShootingFile,
                                     Tranche)
from montage.web.registry.audit import record_decision
from montage.web.registry import order
from montage.web.registry.services import Refused, checked, mark_cancelled

OUTCOME_STATUS = {Decision.Outcome.ACCEPTED: Application.Status.ACCEPTED,
                  Decision.Outcome.REFUSED: Application.Status.REFUSED,
                  Decision.Outcome.SECOND_PASS: Application.Status.SECOND_PASS}
# the producer's notice of the board's decision, rendered in the reader's language when read
DECISION_SUBJECTS = {Decision.Outcome.ACCEPTED: gettext_noop("%(work)s: application accepted"),
                     Decision.Outcome.REFUSED: gettext_noop("%(work)s: application refused"),
                     Decision.Outcome.SECOND_PASS: gettext_noop(
                         "%(work)s: application kept for a second pass")}
SCORABLE = (Application.Status.SUBMITTED, Application.Status.SCORED,
            Application.Status.SECOND_PASS)
DECIDABLE = (Application.Status.SCORED, Application.Status.SECOND_PASS)


# -- the desks' inboxes (montage/web/inbox): who hears of what -----------------------------------

def _fund_of(application: Application):
    return application.call.funding_line.organisation


def _producers_of(application: Application):
    """The producer organisations of the applicant company."""
    from montage.web.registry.models import Organisation

    return list(Organisation.objects.filter(kind=Organisation.Kind.PRODUCER,
                                            company_id=application.applicant_id))


def _producer_url(application: Application) -> str:
    """The producer's page of the application (through its financing source), when filed from a
    project."""
    from django.urls import reverse

    source = application.financing_sources.first()
    return (reverse("production_application", args=[source.project_id, application.pk])
            if source is not None else "")


def _tell_producer(application: Application, event: str, subject: str, url: str = "",
                   **words) -> None:
    from montage.web.inbox.services import notify

    notify(_producers_of(application), event, subject, url or _producer_url(application),
           **words)


def _tell_fund(application: Application, event: str, subject: str, url: str, **words) -> None:
    from montage.web.inbox.services import notify

    notify([_fund_of(application)], event, subject, url, **words)


def _fund_url(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(name, args=[pk])


# -- calls and applications ---------------------------------------------------------------------

# A call's conditions, once a board decision has applied them, stay as they were: only its
# title, its other conditions and its envelope (never below what it granted) may be corrected.
CALL_TERMS = ("funding_line_id", "opens_on", "closes_on", "per_project_cap", "minimum_ratio",
              "broadcaster_cash_required")


def _stored(instance, *fields) -> dict:
    return type(instance).all_objects.filter(pk=instance.pk).values(*fields).first() or {}


def _not_cancelled(instance) -> None:
    if instance.pk is not None and _stored(instance, "cancelled_at").get("cancelled_at"):
        raise Refused(_("A cancelled record is not corrected."))


def decided_applications(call: Call):
    """The call's applications in force that the board has decided on."""
    return call.applications.filter(decisions__isnull=False).distinct()


def save_call(call: Call) -> Call:
    """A new call, or a correction of one (the rule above: CALL_TERMS)."""
    if call.pk is not None:
        _not_cancelled(call)
        if decided_applications(call).exists():
            stored = _stored(call, *CALL_TERMS)
            changed = [f for f in CALL_TERMS if stored.get(f) != getattr(call, f)]
            if changed:
                raise Refused(errors={f.removesuffix("_id"): _(
                    "The board has decided on applications of this call: its conditions stay "
                    "as they were when it decided.") for f in changed})
            used = rules.envelope_used(call)
            if call.envelope < used:
                raise Refused(errors={"envelope": _(
                    "Below what the call has granted already (%(used)s).") % {
                        "used": rules._money(used, "en" if get_language() == "en" else "fr")}})
    call.save()
    return call


def cancel_call(call: Call, user, reason: str) -> Call:
    """A call leaves the desk's figures once none of its applications is still in play: each
    must be refused by the board or cancelled first (they are named in the refusal)."""
    pending = call.applications.exclude(status=Application.Status.REFUSED).select_related("work")
    if call.cancelled_at is None and pending.exists():
        raise Refused(_("Cancel or refuse its applications first: %(works)s.") % {
            "works": ", ".join(str(a.work) for a in pending)})
    with transaction.atomic():
        mark_cancelled(call, user, reason, "call cancelled")
    return call


def record_application(call: Call, application: Application) -> Application:
    """An application, filed while its call is open (Application.clean), or a correction of one
    while the board has not decided on it (after a decision: cancel it and file it again)."""
    if application.pk is not None:
        _not_cancelled(application)
        if application.decisions.exists():
            raise Refused(_("The board has decided on this application: it is no longer "
                            "corrected. Cancel it and file it again."))
    application.call = call
    checked(application).save()
    return application


def missing_documents(call: Call, names) -> list[str]:
    """The documents the call asks for that are not among `names`."""
    given = {name.strip().casefold() for name in names}
    return [name for name in call.documents_required() if name.casefold() not in given]


# the kinds of document a fund reads, known by their first bytes (the name's extension proves
# nothing): PDF, an office document (.docx, .xlsx, .odt… are zip archives), PNG, JPEG, and
# plain text (UTF-8, no control bytes of a binary file)
DOCUMENT_KINDS = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff")


def _plain_text(head: bytes) -> bool:
    import codecs

    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return bool(head) and not any(b < 9 or 13 < b < 32 for b in head if b != 27)


def check_document(name: str, upload) -> str | None:
    """Why the uploaded file `upload` for the document `name` is refused (too large, not a
    document a fund reads), or None: the one check of the page and the API."""
    from montage.web.core import problems, uploads

    try:
        uploads.check_size(upload)
    except InputError as error:
        return f"{name}: {' '.join(problems.lines(error))}"
    head = upload.read(1024)
    upload.seek(0)
    if not (head.startswith(DOCUMENT_KINDS) or _plain_text(head)):
        return _("%(document)s: %(file)s: expected a PDF, an office document, an image (PNG, "
                 "JPEG) or plain text, got another kind of file.") % {"document": name,
                                                                      "file": upload.name}
    return None


def submit_application(call: Call, application: Application, documents: dict, user,
                       on: dt.date) -> Application:
    """The producer's own application (work, applicant, amounts and dossier already on
    `application`), submitted on `on`: refused after the call's closing date (or before it
    opens, or on a cancelled call), and while a document the call asks for is missing
    (`documents`: name → uploaded file), too large or not a document (`check_document`).
    Filed with its documents, in the desk's list for the analysts."""
    from montage.web.fund.models import ApplicationDocument

    if call.cancelled_at is not None:
        raise Refused(_("This call is cancelled."))
    if on > call.closes_on:
        raise Refused(_("The call closed on %(day)s: applications are no longer accepted.") % {
            "day": call.closes_on.strftime("%d/%m/%Y")})
    if on < call.opens_on:
        raise Refused(_("The call opens on %(day)s.") % {
            "day": call.opens_on.strftime("%d/%m/%Y")})
    missing = missing_documents(call, [n for n, f in documents.items() if f])
    if missing:
        raise Refused(errors={"documents": _("Documents missing: %(names)s.") % {
            "names": ", ".join(missing)}})
    refused = [r for r in (check_document(n, f) for n, f in documents.items() if f) if r]
    if refused:
        raise Refused(errors={"documents": " ".join(refused)})
    application.submitted_on, application.status = on, Application.Status.SUBMITTED
    with transaction.atomic():
        record_application(call, application)
        for name, upload in documents.items():
            if upload:
                ApplicationDocument.objects.create(application=application, name=name,
                                                   file=upload, uploaded_by=user)
        record_decision(application, "submitted by the producer")
        _tell_fund(application, "application_submitted", f"{application.work} — {call}",
                   _fund_url("fund_application_detail", application.pk))
    return application


def ask_question(application: Application, text: str, user):
    """The analyst's question to the producer, while the board has not decided."""
    from montage.web.fund.models import ApplicationQuestion

    if not text.strip():
        raise Refused(errors={"text": _("Write the question.")})
    if application.cancelled_at is not None or application.status not in SCORABLE:
        raise Refused(_("The board has decided on this application: no more questions."))
    with transaction.atomic():
        question = ApplicationQuestion.objects.create(application=application,
                                                      text=text.strip(), asked_by=user)
        _tell_producer(application, "question_asked", str(application.work),
                       quote=question.text)
    return question


def answer_question(question, text: str, user):
    """The producer's answer, once (a second answer is a new exchange: the analyst asks)."""
    from django.utils import timezone

    if not text.strip():
        raise Refused(errors={"answer": _("Write the answer.")})
    if question.answered_at is not None:
        raise Refused(_("This question has been answered already."))
    question.answer, question.answered_by = text.strip(), user
    question.answered_at = timezone.now()
    with transaction.atomic():
        question.save()
        application = question.application
        _tell_fund(application, "question_answered", str(application.work),
                   _fund_url("fund_application_detail", application.pk), quote=question.answer)
    return question


def cancel_application(application: Application, user, reason: str) -> Application:
    """An application leaves its call's envelope; refused while it has a commitment in force
    (cancel the commitment first: cancel_commitment)."""
    if application.cancelled_at is None and Commitment.objects.filter(
            application=application, cancellation__isnull=True).exists():
        raise Refused(_("This application has a commitment: cancel the commitment first."))
    with transaction.atomic():
        mark_cancelled(application, user, reason, "application cancelled")
    return application


def score_application(application: Application, analyst) -> Application:
    """The analyst's score (fields already on `application`): the file goes to the board."""
    if application.status not in SCORABLE:
        raise Refused(_("This application can no longer be scored."))
    application.analyst = analyst
    application.status = Application.Status.SCORED
    application.save()
    return application


def decide_application(application: Application, decision: Decision, user, lang: str = "fr"
                       ) -> Decision:
    """The board's decision; an acceptance must pass the call's checks for the amount granted."""
    if application.status not in DECIDABLE:
        raise Refused(_("This application is not awaiting a decision."))
    if decision.decided_on and decision.decided_on < application.submitted_on:
        raise Refused(errors={"decided_on": order.out_of_order(
            order.quoted(_("decided on")), decision.decided_on,
            order.quoted(pgettext("application", "submitted on")), application.submitted_on)})
    if decision.outcome == Decision.Outcome.ACCEPTED:
        failed = [c.text for c in rules.check_application(application, decision.accepted_amount,
                                                          lang) if not c.ok]
        if failed:
            raise Refused(errors={"accepted_amount": " ".join(failed)})
    with transaction.atomic():
        decision.application, decision.decided_by = application, user
        decision.save()
        application.status = OUTCOME_STATUS[decision.outcome]
        application.save()
        record_decision(application, decision.outcome, decision.note)
        _tell_producer(application, "decision", DECISION_SUBJECTS[decision.outcome],
                       params={"work": str(application.work)})
    return decision


# -- commitments and tranches -------------------------------------------------------------------

def sign_commitment(application: Application, amount: Decimal, spend: Decimal,
                    signed_on: dt.date) -> Commitment:
    """The commitment of an accepted application, with the tranches of its schedule."""
    if (application.status != Application.Status.ACCEPTED
            or Commitment.objects.filter(application=application).exists()):
        raise Refused(_("Only an accepted application without a commitment can be committed."))
    granted = rules.granted(application)
    if granted is not None and amount > granted:
        raise Refused(errors={"amount": _("More than the board granted.")})
    accepted = application.decisions.filter(outcome=Decision.Outcome.ACCEPTED).order_by(
        "-decided_on").first()
    if accepted is not None and accepted.decided_on and signed_on < accepted.decided_on:
        raise Refused(errors={"signed_on": order.out_of_order(
            order.quoted(_("signed on")), signed_on, order.quoted(_("the board's decision")),
            accepted.decided_on)})
    with transaction.atomic():
        commitment = Commitment.objects.create(application=application, amount=amount,
                                               walloon_spend_committed=spend,
                                               signed_on=signed_on)
        rows, _source = rules.schedule(commitment)
        for row in rows:
            Tranche.objects.create(commitment=commitment, **row)
        _tell_producer(application, "commitment", str(application.work))
    return commitment


def record_verified_spend(commitment: Commitment, spend: Decimal, source: str) -> Commitment:
    """The verified spend typed by the analyst (rather than read from a spend report): only with
    a written reason, kept in the commitment's history."""
    if not (source or "").strip():
        raise Refused(errors={"verified_spend_source": _(
            "Typing the verified spend by hand needs a written reason.")})
    with transaction.atomic():
        commitment.verified_spend, commitment.verified_spend_source = spend, source.strip()
        commitment.verified_spend_params = None
        commitment.save()
        record_decision(commitment, "verified spend typed", source.strip())
    return commitment


# -- spend reports: the producer's ledger, frozen, for a tranche ---------------------------------

REPORT_FIELDS = ("expense_ref", "number", "supplier", "territory", "account", "date", "amount",
                 "counted", "verdict")


def report_checksum(lines: list[dict], total: Decimal, as_of: dt.date, rule: str) -> str:
    """SHA-256 of the lines as sent (their fields in a fixed order, amounts as exact decimals),
    the total, the date and the rule: whoever holds the report can check it is unchanged."""
    import hashlib
    import json

    def text(value):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    payload = {"as_of": as_of.isoformat(), "rule": rule, "total": str(total),
               "lines": [[text(line[name]) if line[name] is not None else "" for name in
                          REPORT_FIELDS] for line in lines]}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode(
        "utf-8")).hexdigest()


def in_reader_language(record, lines) -> dict:
    """A frozen spend report's or proof list's captions in the reader's language: its lines
    (territory and verdict set, not saved), its explanation and its rule's name. A list is kept
    in French with the same captions in the other languages (`words`); one frozen before that
    reads as kept."""
    words = (record.words or {}).get(get_language() or "") or {}
    lines = list(lines)
    if len(words.get("lines", ())) == len(lines):
        for line, (territory, verdict) in zip(lines, words["lines"]):
            line.territory, line.verdict = territory, verdict
    for line in lines:   # frozen before counted lines carried their verdict: counted in full
        if not line.verdict and line.counted:
            line.verdict = _("counted")
    return {"lines": lines, "explanation": words.get("explanation", record.explanation),
            "rule": words.get("rule", getattr(record, "rule", ""))}


def receive_spend_report(tranche: Tranche, as_of: dt.date, rule: str, lines: list[dict],
                         explanation: dict, user, words: dict | None = None):
    """A spend report for `tranche`, as the producer's ledger made it (montage/web/ledger/
    spend_reports.py): frozen lines (REPORT_FIELDS), their total and checksum, and the rule's
    explanation as it reads (Explanation.readable; a list of text lines in older reports), with
    `words`, the same captions in the application's other languages (in_reader_language).
    Refused once the tranche is released or its commitment cancelled."""
    from montage.web.fund.models import SpendReport, SpendReportLine

    if tranche.released_on is not None:
        raise Refused(_("This tranche has been released: no more spend report for it."))
    if CommitmentCancellation.objects.filter(commitment=tranche.commitment_id).exists():
        raise Refused(_("This commitment is cancelled."))
    total = sum((line["counted"] for line in lines), Decimal(0))
    with transaction.atomic():
        report = SpendReport.objects.create(
            tranche=tranche, as_of=as_of, rule=rule, sent_by=user, total_sent=total,
            verified_total=total, checksum=report_checksum(lines, total, as_of, rule),
            explanation=explanation, words=words or {})
        SpendReportLine.objects.bulk_create(
            SpendReportLine(report=report, position=index, **{n: line[n] for n in REPORT_FIELDS})
            for index, line in enumerate(lines, 1))
        record_decision(report, "spend report sent", report.checksum)
        application = tranche.commitment.application
        _tell_fund(application, "spend_report_sent", f"{application.work} — {tranche.number}",
                   _fund_url("fund_spend_report", report.pk))
    return report


def report_is_intact(report) -> bool:
    """The stored lines still give the checksum computed when the report was sent."""
    lines = [{n: getattr(line, n) for n in REPORT_FIELDS} for line in report.lines.all()]
    return report.checksum == report_checksum(lines, report.total_sent, report.as_of,
                                              report.rule)


def verified_total(report) -> Decimal:
    """What the report's lines the analyst kept count: the one computation of a report's
    verified spend."""
    return sum((line.counted for line in report.lines.all() if not line.rejected_reason),
               Decimal(0))


def reject_report_line(line, reason: str, user):
    """The analyst rejects a line (a written reason): the report's verified total drops by what
    it counted. Refused once the tranche is released."""
    from django.utils import timezone

    if not (reason or "").strip():
        raise Refused(errors={"reason": _("Give the reason of the rejection.")})
    report = line.report
    if report.tranche.released_on is not None:
        raise Refused(_("The tranche has been released on this report: it stays as it was."))
    if line.rejected_reason:
        raise Refused(_("This line is rejected already."))
    with transaction.atomic():
        line.rejected_reason, line.rejected_by = reason.strip(), user
        line.rejected_at = timezone.now()
        line.save()
        report.verified_total = verified_total(report)
        report.save()
        record_decision(report, "spend report line rejected",
                        f"{line.number or line.expense_ref}: {reason.strip()}")
        _tell_producer(report.tranche.commitment.application, "line_rejected",
                       line.number or line.expense_ref, _fund_url("fund_spend_report", report.pk),
                       quote=reason.strip())
    return line


# the source of a verified spend read from a spend report, in the reader's language when read
REPORT_SOURCE = gettext_noop("spend report of the ledger as of %(day)s (SHA-256 %(sum)s…)")


def release_on_report(report, released_on: dt.date, user, lang: str = "fr") -> Tranche:
    """The commitment's verified spend becomes the report's verified total (its source names the
    report and its checksum), then the tranche is released as release_tranche does."""
    tranche = report.tranche
    commitment = tranche.commitment
    with transaction.atomic():
        commitment.verified_spend = verified_total(report)
        commitment.verified_spend_source = REPORT_SOURCE
        commitment.verified_spend_params = {"day": report.as_of.strftime("%d/%m/%Y"),
                                            "sum": report.checksum[:12]}
        commitment.save()
        tranche.commitment = commitment
        release_tranche(tranche, released_on, user, lang)
    return tranche


def release_tranche(tranche: Tranche, released_on: dt.date, user, lang: str = "fr") -> Tranche:
    """Release a tranche once rules.release_refusal lets it go: its amount, on the verified
    spend of the day (kept on the tranche), audited."""
    refusal = rules.release_refusal(tranche, lang)
    if refusal is not None:
        raise Refused(refusal)
    commitment = tranche.commitment
    if released_on < commitment.signed_on:
        raise Refused(order.out_of_order(order.quoted(_("released on")), released_on,
                                         order.quoted(_("the signature")), commitment.signed_on))
    with transaction.atomic():
        tranche.released_on, tranche.released_amount = released_on, tranche.amount
        tranche.verified_spend, tranche.released_by = commitment.verified_spend, user
        tranche.save()
        record_decision(tranche, "released", commitment.verified_spend_text)
        _tell_producer(commitment.application, "tranche_released",
                       f"{commitment.application.work} — {tranche.number}")
    return tranche


def record_recoupment(commitment: Commitment, receipt: RecoupmentReceipt) -> RecoupmentReceipt:
    receipt.commitment = commitment
    receipt.save()
    return receipt


def cancel_commitment(commitment: Commitment, cancelled_on: dt.date, reason: str,
                      released_to_envelope: Decimal, user) -> CommitmentCancellation:
    if CommitmentCancellation.objects.filter(commitment=commitment).exists():
        raise Refused(_("This commitment is already cancelled."))
    with transaction.atomic():
        cancellation = CommitmentCancellation.objects.create(
            commitment=commitment, cancelled_on=cancelled_on, reason=reason,
            released_to_envelope=released_to_envelope, cancelled_by=user)
        record_decision(commitment, "cancelled", reason)
    return cancellation


# -- the enterprise fund and the film office ----------------------------------------------------

def add_holding(organisation_id: int, holding: EnterpriseHolding) -> EnterpriseHolding:
    if EnterpriseHolding.objects.filter(organisation_id=organisation_id,
                                        company=holding.company).exists():
        raise Refused(errors={"company": _("This company is already in the portfolio.")})
    holding.organisation_id = organisation_id
    holding.save()
    return holding


def add_instrument(holding: EnterpriseHolding,
                   instrument: EnterpriseInstrument) -> EnterpriseInstrument:
    """A new instrument, or a correction of one; its kind is fixed once it has movements (they
    were recorded against it)."""
    if instrument.pk is not None:
        _not_cancelled(instrument)
        if (_stored(instrument, "kind")["kind"] != instrument.kind
                and instrument.movements.exists()):
            raise Refused(errors={"kind": _("This instrument has movements: its kind stays.")})
    instrument.holding = holding
    instrument.save()
    return instrument


def cancel_instrument(instrument: EnterpriseInstrument, user, reason: str
                      ) -> EnterpriseInstrument:
    """Refused while it has movements in force: cancel them first (its outstanding is theirs)."""
    count = instrument.movements.count()
    if instrument.cancelled_at is None and count:
        raise Refused(_("This instrument has %(count)s movements in force: cancel them "
                        "first.") % {"count": count})
    with transaction.atomic():
        mark_cancelled(instrument, user, reason, "instrument cancelled")
    return instrument


def _ledger_holds(organisation_id: int, field: str | None = "amount") -> None:
    """Refused (the caller's transaction rolled back) when the fund's ledger takes out more than
    was put in."""
    try:
        records.movements(organisation_id)
    except InputError as error:
        raise Refused(errors={field: error.message} if field else None,
                      message="" if field else error.message) from error


def add_movement(holding: EnterpriseHolding, movement: EnterpriseMovement) -> EnterpriseMovement:
    """A movement of an instrument, or a correction of one; refused (rolled back) when the
    fund's ledger, with it, would take out more than was put in."""
    _not_cancelled(movement)
    with transaction.atomic():
        movement.save()
        _ledger_holds(holding.organisation_id)
    return movement


def cancel_movement(movement: EnterpriseMovement, user, reason: str) -> EnterpriseMovement:
    """A movement leaves the outstanding and the §6.1 yield; refused (rolled back) when the
    ledger would then take out more than was put in (a disbursement later repaid)."""
    was_cancelled = movement.cancelled_at is not None
    try:
        with transaction.atomic():
            mark_cancelled(movement, user, reason, "movement cancelled")
            _ledger_holds(movement.instrument.holding.organisation_id, None)
    except Refused:
        if not was_cancelled:  # rolled back: the record in memory says so too
            movement.cancelled_at, movement.cancelled_by, movement.cancel_reason = None, None, ""
        raise
    return movement


def add_shooting_file(organisation_id: int, shooting_file: ShootingFile) -> ShootingFile:
    """A new shooting file, or a correction of one."""
    _not_cancelled(shooting_file)
    shooting_file.organisation_id = organisation_id
    if shooting_file.funded:
        shooting_file.days_covered = shooting_file.days
    shooting_file.save()
    return shooting_file


def cancel_shooting_file(shooting_file: ShootingFile, user, reason: str) -> ShootingFile:
    """A file leaves the film office's days and the §2.2.7.2 estimate."""
    with transaction.atomic():
        mark_cancelled(shooting_file, user, reason, "shooting file cancelled")
    return shooting_file

"""The regional fund's working records (docs/web-fund.md): funding lines, calls for projects,
applications and their scoring, the board's decisions, commitments and their tranches, receipts,
the enterprise portfolio and the film office's shooting files. Money is Decimal (money_field);
ratios are Decimal multiples (1.33 = 133 %). The rules are in montage/web/fund/rules.py, which
reads the Wallimage parameters of montage/finance. Tables keep their first names (`core_*`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from montage.web.registry.models import (Cancellable, Company, Organisation, Work,
                                         money_field)


def ratio_field(verbose_name, **kwargs) -> models.DecimalField:
    """A multiple of an amount: 1.3300 = 133 %."""
    kwargs.setdefault("validators", [MinValueValidator(Decimal(0))])
    return models.DecimalField(verbose_name, max_digits=8, decimal_places=4, **kwargs)


class FundingLine(models.Model):
    """One of the fund's lines of support (coproductions, TV formats, gaming, enterprise fund)."""

    class Kind(models.TextChoices):
        COPRODUCTION_LIVE = "copro_live", _("coproduction: live action")
        COPRODUCTION_ANIMATION = "copro_animation", _("coproduction: animation")
        TV_FORMAT = "tv_format", _("TV formats")
        GAMING_PREPRODUCTION = "gaming_preprod", _("gaming: preproduction")
        GAMING_PRODUCTION = "gaming_prod", _("gaming: production")
        ENTERPRISE = "enterprise", _("enterprise fund")

    COPRODUCTION_KINDS = (Kind.COPRODUCTION_LIVE, Kind.COPRODUCTION_ANIMATION)

    organisation = models.ForeignKey(Organisation, verbose_name=_("fund"),
                                     on_delete=models.PROTECT, related_name="funding_lines",
                                     limit_choices_to={"kind": Organisation.Kind.FUND})
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        db_table = "core_fundingline"
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="fund_line_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_coproduction(self) -> bool:
        return self.kind in self.COPRODUCTION_KINDS


class FundingLineEnvelope(models.Model):
    """A funding line's yearly envelope."""

    AUDITED_FIELDS = ("amount",)
    funding_line = models.ForeignKey(FundingLine, on_delete=models.CASCADE,
                                     related_name="envelopes")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = money_field(_("envelope"))

    class Meta:
        db_table = "core_fundinglineenvelope"
        verbose_name = _("yearly envelope")
        verbose_name_plural = _("yearly envelopes")
        ordering = ["funding_line", "year"]
        constraints = [models.UniqueConstraint(fields=["funding_line", "year"],
                                               name="fund_envelope_one_per_year")]

    def __str__(self) -> str:
        return f"{self.funding_line} {self.year}"


class Call(Cancellable):
    """A call for projects (or a coproduction session) of a funding line, with its conditions.

    An empty per-project cap or minimum ratio on a coproduction line means the regulation's
    (montage/finance/parameters/wallimage/); on a coproduction line the regulation's minimum ratio
    applies even when the call asks less."""

    AUDITED_FIELDS = ("envelope", "per_project_cap", "minimum_ratio", "broadcaster_cash_required")
    funding_line = models.ForeignKey(FundingLine, verbose_name=_("funding line"),
                                     on_delete=models.PROTECT, related_name="calls")
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    envelope = money_field(_("envelope"))
    per_project_cap = money_field(_("maximum per project"), null=True, blank=True,
                                  help_text=_("e.g. 8 000 € per teaser; empty on a coproduction "
                                              "line: the regulation's cap"))
    minimum_ratio = ratio_field(_("minimum Walloon spend ratio"), null=True, blank=True,
                                help_text=_("1.33 = 133 % of the amount requested; empty on a "
                                            "coproduction line: the regulation's ratio"))
    broadcaster_cash_required = models.BooleanField(
        _("broadcaster cash at least equal to the fund's"), default=False)
    conditions = models.TextField(_("other conditions"), blank=True)
    required_documents = models.TextField(
        _("documents to attach"), blank=True,
        help_text=_("one document per line; a producer applying from Montage attaches each"))

    class Meta:
        db_table = "core_call"
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-opens_on", "title"]

    def clean(self) -> None:
        from montage.web.registry import order

        order.check_dates(self, "opens_on", "closes_on")
        if (self.per_project_cap is not None and self.envelope is not None
                and self.per_project_cap > self.envelope):
            raise ValidationError({"per_project_cap": order.above(
                order.quoted(self._meta.get_field("per_project_cap").verbose_name),
                self.per_project_cap, order.quoted(self._meta.get_field("envelope").verbose_name),
                self.envelope)})

    def __str__(self) -> str:
        return self.title

    def documents_required(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class Application(Cancellable):
    """A project submitted to a call: the amounts the producer asks and commits to, its scoring
    by an analyst and the analyst's proposal to the board."""

    # the board's decisions in its history, agreeing with « candidature » (registry.history)
    DECISION_LABELS = {"accepted": pgettext_lazy("board decision", "accepted"),
                       "refused": pgettext_lazy("board decision", "refused"),
                       "second_pass": pgettext_lazy("board decision", "second pass")}

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application status", "submitted")
        SCORED = "scored", pgettext_lazy("application status", "scored")
        ACCEPTED = "accepted", pgettext_lazy("application status", "accepted")
        REFUSED = "refused", pgettext_lazy("application status", "refused")
        SECOND_PASS = "second_pass", pgettext_lazy("application status", "second pass")

    class Proposal(models.TextChoices):
        ACCEPT = "accept", _("accept")
        REFUSE = "refuse", _("refuse")
        SECOND_PASS = "second_pass", _("second pass")

    AUDITED_FIELDS = ("amount_requested", "walloon_spend_committed", "broadcaster_cash",
                      "status", "score", "proposal", "proposed_amount")
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT,
                             related_name="applications")
    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.PROTECT,
                             related_name="fund_applications")
    applicant = models.ForeignKey(Company, verbose_name=_("applicant company"),
                                  on_delete=models.PROTECT, related_name="fund_applications")
    submitted_on = models.DateField(pgettext_lazy("application", "submitted on"))
    amount_requested = money_field(_("amount requested"))
    walloon_spend_committed = money_field(_("Walloon spend committed"))
    broadcaster_cash = money_field(_("broadcaster cash contribution"), null=True, blank=True)
    broadcaster = models.CharField(_("broadcaster"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.SUBMITTED)
    analyst = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("analyst"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True,
                                blank=True, validators=[MinValueValidator(Decimal(0))])
    score_comment = models.TextField(_("analyst's comment"), blank=True)
    proposal = models.CharField(_("proposal to the board"), max_length=12,
                                choices=Proposal.choices, blank=True)
    proposed_amount = money_field(_("amount proposed"), null=True, blank=True)
    # filed by the producer from its project: the project's figures as they were on submission
    dossier = models.JSONField(_("dossier assembled from the project"), default=dict,
                               blank=True)

    class Meta:
        db_table = "core_application"
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "submitted_on", "pk"]

    def clean(self) -> None:
        """An application is filed while its call is open."""
        from montage.web.registry import order

        call = self._state.fields_cache.get("call") or (
            Call.objects.filter(pk=self.call_id).first() if self.call_id else None)
        if call is None or self.submitted_on is None:
            return
        if self.submitted_on > call.closes_on:
            raise ValidationError({"submitted_on": order.out_of_order(
                order.quoted(_("call closes on")), call.closes_on,
                order.quoted(self._meta.get_field("submitted_on").verbose_name),
                self.submitted_on)})
        if self.submitted_on < call.opens_on:
            raise ValidationError({"submitted_on": order.out_of_order(
                order.quoted(self._meta.get_field("submitted_on").verbose_name),
                self.submitted_on, order.quoted(_("call opens on")), call.opens_on)})

    def __str__(self) -> str:
        return f"{self.work} — {self.call}"


class ApplicationDocument(models.Model):
    """A document the call asks for (`name`, one line of Call.required_documents), attached by
    the producer to its application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="documents")
    name = models.CharField(_("document"), max_length=200)
    file = models.FileField(_("file"), upload_to="fund-applications/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ApplicationQuestion(models.Model):
    """The analyst's question on an application and the producer's answer, both in Montage."""

    AUDITED_FIELDS = ("answer",)
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="questions")
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"),
                                 null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question on an application")
        verbose_name_plural = _("questions on applications")
        ordering = ["application", "asked_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.Model):
    """A board decision on an application: accepted (with the amount), refused or sent to a
    second pass. The latest decision sets the application's status."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("board decision", "accepted")
        REFUSED = "refused", pgettext_lazy("board decision", "refused")
        SECOND_PASS = "second_pass", pgettext_lazy("board decision", "second pass")

    AUDITED_FIELDS = ("outcome", "accepted_amount")
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=12, choices=Outcome.choices)
    accepted_amount = money_field(_("amount granted"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "core_decision"
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")
        ordering = ["application", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"


class Commitment(models.Model):
    """The fund's commitment on an accepted application: the amount, the Walloon spend the
    producer commits to, the signature, and the Walloon spend verified so far (with its source:
    typed by the analyst for now)."""

    AUDITED_FIELDS = ("amount", "walloon_spend_committed", "signed_on", "verified_spend")
    application = models.OneToOneField(Application, on_delete=models.PROTECT,
                                       related_name="commitment")
    amount = money_field(_("amount committed"))
    walloon_spend_committed = money_field(_("Walloon spend committed"))
    signed_on = models.DateField(_("signed on"))
    verified_spend = money_field(_("verified Walloon spend"), default=Decimal(0))
    verified_spend_source = models.CharField(_("source of the verified spend"), max_length=300,
                                             blank=True)
    # with params, verified_spend_source is a message id (gettext_noop) the system wrote, read in
    # the reader's language (verified_spend_text); without, the words the analyst typed
    verified_spend_params = models.JSONField(_("parameters of the source"), null=True,
                                             blank=True)
    report_no = models.PositiveSmallIntegerField(
        _("row in the annual report"), null=True, blank=True,
        help_text=_("the number of its row in the published table, when it has one"))

    @property
    def verified_spend_text(self) -> str:
        """The source of the verified spend in the reader's language when the system wrote it
        (a spend report's release), else as the analyst typed it."""
        from django.utils.translation import gettext

        if self.verified_spend_params is None:
            return self.verified_spend_source
        return gettext(self.verified_spend_source) % self.verified_spend_params

    @property
    def verified_spend_typed(self) -> bool:
        return bool(self.verified_spend_source) and self.verified_spend_params is None

    class Meta:
        db_table = "core_commitment"
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-signed_on", "pk"]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def ratio(self) -> Decimal | None:
        if not self.amount:
            return None
        return (self.walloon_spend_committed / self.amount).quantize(Decimal("0.0001"))


class Tranche(models.Model):
    """One payment of a commitment: its share, its amount and the Walloon spend to verify before
    it may be released (zero for the tranche paid at signature)."""

    AUDITED_FIELDS = ("amount", "spend_to_prove", "released_on", "released_amount",
                      "verified_spend")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    share = ratio_field(_("share of the commitment"))
    amount = money_field(_("amount"))
    spend_share = ratio_field(_("share of the spend to prove"))
    spend_to_prove = money_field(_("verified Walloon spend required"))
    released_on = models.DateField(_("released on"), null=True, blank=True)
    released_amount = money_field(_("amount released"), null=True, blank=True)
    verified_spend = money_field(_("verified spend at release"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("released by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        db_table = "core_tranche"
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["commitment", "number"]
        constraints = [models.UniqueConstraint(fields=["commitment", "number"],
                                               name="fund_tranche_unique_number")]

    def __str__(self) -> str:
        return f"{self.commitment} — {self.number}"


class SpendReport(models.Model):
    """The producer's spend report for a tranche: the proof list of the fund's rule on the
    producer's ledger at `as_of`, frozen as sent (its lines, their verdicts and totals) with a
    checksum of them. The analyst may reject lines (with a reason); the verified total is what
    the lines kept count, and the tranche is released on it."""

    AUDITED_FIELDS = ("verified_total",)
    tranche = models.ForeignKey(Tranche, verbose_name=_("tranche"), on_delete=models.PROTECT,
                                related_name="spend_reports")
    as_of = models.DateField(_("ledger as of"))
    rule = models.CharField(_("rule"), max_length=200)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    total_sent = money_field(_("spend counted as sent"))
    verified_total = money_field(_("spend verified"))
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    # the captions in the application's other languages (fund.services.in_reader_language)
    words = models.JSONField(_("captions in the other languages"), default=dict, blank=True)

    class Meta:
        verbose_name = _("spend report")
        verbose_name_plural = _("spend reports")
        ordering = ["tranche", "-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.tranche} — {self.as_of:%d/%m/%Y}"


class SpendReportLine(models.Model):
    """One proof line of a spend report, as the ledger's rule counted it."""

    AUDITED_FIELDS = ("rejected_reason",)
    TYPED_FIELDS = ("rejected_reason",)  # the analyst's words (registry.history.is_typed)
    report = models.ForeignKey(SpendReport, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("line"))
    expense_ref = models.CharField(_("ledger line"), max_length=40)
    number = models.CharField(_("invoice number"), max_length=100, blank=True)
    supplier = models.CharField(_("supplier"), max_length=300, blank=True)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    account = models.CharField(_("account"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    amount = money_field(_("amount excl. VAT"))
    counted = money_field(_("counted"))
    verdict = models.TextField(_("verdict"), blank=True)
    rejected_reason = models.TextField(_("reason of the rejection"), blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rejected by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spend report line")
        verbose_name_plural = _("spend report lines")
        ordering = ["report", "position"]

    def __str__(self) -> str:
        return f"{self.number or self.expense_ref}"


class CommitmentShare(models.Model):
    """One country's share of the financing plan of a committed work, as the fund records it
    (the annual report prints them: "Belgique 66,89 % - France 33,11 %"). The Belgian share makes
    the commitment a Belgian majority (> 50 %) or minority coproduction."""

    AUDITED_FIELDS = ("share",)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="shares")
    country = models.CharField(_("country"), max_length=100)
    share = models.DecimalField(_("share (%)"), max_digits=6, decimal_places=2,
                                validators=[MinValueValidator(Decimal(0))])

    class Meta:
        db_table = "core_commitmentshare"
        verbose_name = _("share of the financing plan")
        verbose_name_plural = _("shares of the financing plan")
        ordering = ["commitment", "pk"]


class CommitmentCancellation(models.Model):
    """The cancellation of a commitment: its date, its reason and the amount released back to
    the funding line's envelope (the part not yet paid, unless the analyst says otherwise). A
    cancelled commitment leaves the annual report's totals."""

    AUDITED_FIELDS = ("cancelled_on", "released_to_envelope")
    commitment = models.OneToOneField(Commitment, on_delete=models.PROTECT,
                                      related_name="cancellation")
    cancelled_on = models.DateField(_("cancelled on"))
    reason = models.TextField(_("reason"))
    released_to_envelope = money_field(_("amount released to the envelope"))
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        db_table = "core_commitmentcancellation"
        verbose_name = _("cancellation of a commitment")
        verbose_name_plural = _("cancellations of commitments")
        ordering = ["-cancelled_on", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.cancelled_on})"


class RecoupmentReceipt(models.Model):
    """Money coming back to the fund on a committed work (its share of the receipts)."""

    AUDITED_FIELDS = ("received_on", "amount")
    commitment = models.ForeignKey(Commitment, verbose_name=_("commitment"),
                                   on_delete=models.PROTECT, related_name="recoupments")
    received_on = models.DateField(_("received on"))
    amount = money_field(_("amount received"))
    source = models.CharField(_("source"), max_length=300,
                              help_text=_("e.g. distributor's statement, sales agent's report"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "core_recoupmentreceipt"
        verbose_name = _("recoupment receipt")
        verbose_name_plural = _("recoupment receipts")
        ordering = ["commitment", "received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment} — {self.received_on}"


class EnterpriseHolding(models.Model):
    """A company in the enterprise fund's portfolio, with its sector."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("fund"),
                                     on_delete=models.PROTECT, related_name="enterprise_holdings",
                                     limit_choices_to={"kind": Organisation.Kind.FUND})
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.PROTECT,
                                related_name="enterprise_holdings")
    sector = models.CharField(_("sector"), max_length=200)

    class Meta:
        db_table = "core_enterpriseholding"
        verbose_name = _("portfolio company")
        verbose_name_plural = _("portfolio companies")
        ordering = ["organisation", "company__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "company"],
                                               name="fund_holding_unique_company")]

    def __str__(self) -> str:
        return str(self.company)


class EnterpriseInstrument(Cancellable):
    """A loan or an equity stake of the enterprise fund in a portfolio company. Its outstanding
    is computed from its movements (never typed)."""

    class Kind(models.TextChoices):
        LOAN = "loan", _("loan")
        EQUITY = "equity", _("equity")

    class Product(models.TextChoices):
        STANDARD = "standard", _("standard")
        CASHFLOW_LOAN = "cashflow_loan", _("cash-flow loan")

    AUDITED_FIELDS = ("amount", "eif_coverage_share", "eif_coverage_amount")
    holding = models.ForeignKey(EnterpriseHolding, verbose_name=_("portfolio company"),
                                on_delete=models.PROTECT, related_name="instruments")
    kind = models.CharField(_("instrument"), max_length=8, choices=Kind.choices)
    product = models.CharField(_("product"), max_length=16, choices=Product.choices,
                               default=Product.STANDARD)
    amount = money_field(_("amount granted"))
    granted_on = models.DateField(_("granted on"))
    sector = models.CharField(_("sector"), max_length=200, blank=True,
                              help_text=_("empty: the company's sector"))
    eif_coverage_share = ratio_field(_("European guarantee coverage (share)"), null=True,
                                     blank=True, help_text=_("0.4 = 40 % covered"))
    eif_coverage_amount = money_field(_("European guarantee coverage (amount)"), null=True,
                                      blank=True)
    rate = models.DecimalField(_("interest rate"), max_digits=6, decimal_places=4, null=True,
                               blank=True, help_text=_("a fraction: 0.04 = 4 % a year"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    production_budget = money_field(_("production budget"), null=True, blank=True)
    budget_secured = money_field(_("budget already secured"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "core_enterpriseinstrument"
        verbose_name = _("enterprise fund instrument")
        verbose_name_plural = _("enterprise fund instruments")
        ordering = ["holding", "granted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.holding} — {self.get_kind_display()} {self.granted_on:%d/%m/%Y}"


class EnterpriseMovement(Cancellable):
    """A movement on an instrument. Each kind feeds one column of the §6.1 yield table
    (montage.fund.enterprise.MOVEMENTS): disbursement → invested (A), repayment and exit (a stake
    sold at cost) → repaid (C), bankruptcy loss (B), interest and capital gain → income (F),
    European guarantee paid → eif_coverage (G)."""

    class Kind(models.TextChoices):
        DISBURSEMENT = "disbursement", _("disbursement / subscription")
        REPAYMENT = "repayment", _("repayment of principal")
        INTEREST = "interest", _("interest")
        CAPITAL_GAIN = "capital_gain", _("capital gain on a stake sold")
        EXIT = "exit", _("exit (stake sold, at cost)")
        BANKRUPTCY_LOSS = "bankruptcy_loss", _("loss on bankruptcy")
        EIF_COVERAGE = "eif_coverage", _("European guarantee paid")

    ENGINE_KIND = {"disbursement": "invested", "repayment": "repaid", "exit": "repaid",
                   "interest": "income", "capital_gain": "income",
                   "bankruptcy_loss": "bankruptcy_loss", "eif_coverage": "eif_coverage"}
    AUDITED_FIELDS = ("kind", "occurred_on", "amount")
    instrument = models.ForeignKey(EnterpriseInstrument, verbose_name=_("instrument"),
                                   on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("movement"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2,
                                 help_text=_("negative only for a capital loss on a stake sold"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        db_table = "core_enterprisemovement"
        verbose_name = _("enterprise fund movement")
        verbose_name_plural = _("enterprise fund movements")
        ordering = ["instrument", "occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


class EnterpriseSectorOutstanding(models.Model):
    """The outstanding per sector the fund declares at a year end (report §7.2): kept as typed,
    to be set against the outstanding its movements give."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("fund"),
                                     on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField(_("as of"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    sector = models.CharField(_("sector"), max_length=200)
    equity_outstanding = money_field(_("outstanding in equity"))
    loan_outstanding = money_field(_("outstanding in loans"))
    companies = models.PositiveIntegerField(_("companies"))

    class Meta:
        db_table = "core_enterprisesectoroutstanding"
        verbose_name = _("declared outstanding per sector")
        verbose_name_plural = _("declared outstanding per sector")
        ordering = ["organisation", "as_of", "position", "pk"]


class ShootingFile(Cancellable):
    """A shooting file of the film office, or the report's aggregate of several files of one type
    (`files` > 1). A project funded by the fund has all its days excluded from the impact (its
    spend is already in the coproduction figures); an aggregate gives its covered days."""

    class ProjectType(models.TextChoices):
        FEATURE = "feature", _("feature film")
        SERIES = "series", _("series")
        SHORT = "short", _("short film")
        DOCUMENTARY = "documentary", _("feature documentary")
        ADVERT = "advert", _("advertising")
        TV_FORMAT = "tv_format", _("TV format")
        MUSIC_CLIP = "music_clip", _("music clip")
        VIDEO_CLIP = "video_clip", _("video clip")

    AUDITED_FIELDS = ("days", "days_covered", "funded", "financed_non_av_spend")
    organisation = models.ForeignKey(Organisation, verbose_name=_("fund"),
                                     on_delete=models.PROTECT, related_name="shooting_files",
                                     limit_choices_to={"kind": Organisation.Kind.FUND})
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    project_type = models.CharField(_("project type"), max_length=12,
                                    choices=ProjectType.choices)
    files = models.PositiveIntegerField(_("files"), default=1,
                                        help_text=_("1 for a file; more for an aggregate"))
    files_shot = models.PositiveIntegerField(_("files shot in the region this year"), default=1)
    days = models.PositiveIntegerField(_("shooting days in the region"))
    funded = models.BooleanField(_("funded by the fund"), default=False,
                                 help_text=_("all its days are then left out of the impact"))
    days_covered = models.PositiveIntegerField(
        _("days of funded projects"), default=0,
        help_text=_("for an aggregate only; a funded file has all its days covered"))
    financed_non_av_spend = money_field(
        _("non-audiovisual spend of funded projects"), default=Decimal(0),
        help_text=_("the report's complement, counted nowhere else"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "core_shootingfile"
        verbose_name = _("shooting file")
        verbose_name_plural = _("shooting files")
        ordering = ["organisation", "-year", "project_type", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def covered(self) -> int:
        return self.days if self.funded else min(self.days_covered, self.days)

"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0007_supplier_ownership'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Call',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('opens_on', models.DateField(verbose_name='opens on')),
                    ('closes_on', models.DateField(verbose_name='closes on')),
                    ('envelope', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='envelope')),
                    ('per_project_cap', models.DecimalField(blank=True, decimal_places=2, help_text="e.g. 8 000 € per teaser; empty on a coproduction line: the regulation's cap", max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='maximum per project')),
                    ('minimum_ratio', models.DecimalField(blank=True, decimal_places=4, help_text="1.33 = 133 % of the amount requested; empty on a coproduction line: the regulation's ratio", max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='minimum Walloon spend ratio')),
                    ('broadcaster_cash_required', models.BooleanField(default=False, verbose_name="broadcaster cash at least equal to the fund's")),
                    ('conditions', models.TextField(blank=True, verbose_name='other conditions')),
                ],
                options={
                    'verbose_name': 'call for projects',
                    'verbose_name_plural': 'calls for projects',
                    'db_table': 'core_call',
                    'ordering': ['-opens_on', 'title'],
                },
            ),
            migrations.CreateModel(
                name='Commitment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount committed')),
                    ('walloon_spend_committed', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='Walloon spend committed')),
                    ('signed_on', models.DateField(verbose_name='signed on')),
                    ('verified_spend', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='verified Walloon spend')),
                    ('verified_spend_source', models.CharField(blank=True, max_length=300, verbose_name='source of the verified spend')),
                    ('report_no', models.PositiveSmallIntegerField(blank=True, help_text='the number of its row in the published table, when it has one', null=True, verbose_name='row in the annual report')),
                ],
                options={
                    'verbose_name': 'commitment',
                    'verbose_name_plural': 'commitments',
                    'db_table': 'core_commitment',
                    'ordering': ['-signed_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='CommitmentCancellation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('cancelled_on', models.DateField(verbose_name='cancelled on')),
                    ('reason', models.TextField(verbose_name='reason')),
                    ('released_to_envelope', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount released to the envelope')),
                ],
                options={
                    'verbose_name': 'cancellation of a commitment',
                    'verbose_name_plural': 'cancellations of commitments',
                    'db_table': 'core_commitmentcancellation',
                    'ordering': ['-cancelled_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='CommitmentShare',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('country', models.CharField(max_length=100, verbose_name='country')),
                    ('share', models.DecimalField(decimal_places=2, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='share (%)')),
                ],
                options={
                    'verbose_name': 'share of the financing plan',
                    'verbose_name_plural': 'shares of the financing plan',
                    'db_table': 'core_commitmentshare',
                    'ordering': ['commitment', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Decision',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('outcome', models.CharField(choices=[('accepted', 'accepted'), ('refused', 'refused'), ('second_pass', 'second pass')], max_length=12, verbose_name='decision')),
                    ('accepted_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount granted')),
                    ('decided_on', models.DateField(verbose_name='decided on')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                ],
                options={
                    'verbose_name': 'board decision',
                    'verbose_name_plural': 'board decisions',
                    'db_table': 'core_decision',
                    'ordering': ['application', 'decided_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='EnterpriseHolding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('sector', models.CharField(max_length=200, verbose_name='sector')),
                ],
                options={
                    'verbose_name': 'portfolio company',
                    'verbose_name_plural': 'portfolio companies',
                    'db_table': 'core_enterpriseholding',
                    'ordering': ['organisation', 'company__name'],
                },
            ),
            migrations.CreateModel(
                name='EnterpriseInstrument',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('loan', 'loan'), ('equity', 'equity')], max_length=8, verbose_name='instrument')),
                    ('product', models.CharField(choices=[('standard', 'standard'), ('cashflow_loan', 'cash-flow loan')], default='standard', max_length=16, verbose_name='product')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount granted')),
                    ('granted_on', models.DateField(verbose_name='granted on')),
                    ('sector', models.CharField(blank=True, help_text="empty: the company's sector", max_length=200, verbose_name='sector')),
                    ('eif_coverage_share', models.DecimalField(blank=True, decimal_places=4, help_text='0.5 = 50 % covered', max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='European guarantee coverage (share)')),
                    ('eif_coverage_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='European guarantee coverage (amount)')),
                    ('rate', models.DecimalField(blank=True, decimal_places=4, help_text='a fraction: 0.03 = 3 % a year', max_digits=6, null=True, verbose_name='interest rate')),
                    ('term_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='term (months)')),
                    ('production_budget', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='production budget')),
                    ('budget_secured', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='budget already secured')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                ],
                options={
                    'verbose_name': 'enterprise fund instrument',
                    'verbose_name_plural': 'enterprise fund instruments',
                    'db_table': 'core_enterpriseinstrument',
                    'ordering': ['holding', 'granted_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='EnterpriseMovement',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('disbursement', 'disbursement / subscription'), ('repayment', 'repayment of principal'), ('interest', 'interest'), ('capital_gain', 'capital gain on a stake sold'), ('exit', 'exit (stake sold, at cost)'), ('bankruptcy_loss', 'loss on bankruptcy'), ('eif_coverage', 'European guarantee paid')], max_length=16, verbose_name='movement')),
                    ('occurred_on', models.DateField(verbose_name='date')),
                    ('amount', models.DecimalField(decimal_places=2, help_text='negative only for a capital loss on a stake sold', max_digits=14, verbose_name='amount')),
                    ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ],
                options={
                    'verbose_name': 'enterprise fund movement',
                    'verbose_name_plural': 'enterprise fund movements',
                    'db_table': 'core_enterprisemovement',
                    'ordering': ['instrument', 'occurred_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='EnterpriseSectorOutstanding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('as_of', models.DateField(verbose_name='as of')),
                    ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('sector', models.CharField(max_length=200, verbose_name='sector')),
                    ('equity_outstanding', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='outstanding in equity')),
                    ('loan_outstanding', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='outstanding in loans')),
                    ('companies', models.PositiveIntegerField(verbose_name='companies')),
                ],
                options={
                    'verbose_name': 'declared outstanding per sector',
                    'verbose_name_plural': 'declared outstanding per sector',
                    'db_table': 'core_enterprisesectoroutstanding',
                    'ordering': ['organisation', 'as_of', 'position', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='FundingLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('kind', models.CharField(choices=[('copro_live', 'coproduction: live action'), ('copro_animation', 'coproduction: animation'), ('tv_format', 'TV formats'), ('gaming_preprod', 'gaming: preproduction'), ('gaming_prod', 'gaming: production'), ('enterprise', 'enterprise fund')], max_length=20, verbose_name='kind')),
                ],
                options={
                    'verbose_name': 'funding line',
                    'verbose_name_plural': 'funding lines',
                    'db_table': 'core_fundingline',
                    'ordering': ['organisation', 'name'],
                },
            ),
            migrations.CreateModel(
                name='FundingLineEnvelope',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='envelope')),
                ],
                options={
                    'verbose_name': 'yearly envelope',
                    'verbose_name_plural': 'yearly envelopes',
                    'db_table': 'core_fundinglineenvelope',
                    'ordering': ['funding_line', 'year'],
                },
            ),
            migrations.CreateModel(
                name='RecoupmentReceipt',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('received_on', models.DateField(verbose_name='received on')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount received')),
                    ('source', models.CharField(help_text="e.g. distributor's statement, sales agent's report", max_length=300, verbose_name='source')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                ],
                options={
                    'verbose_name': 'recoupment receipt',
                    'verbose_name_plural': 'recoupment receipts',
                    'db_table': 'core_recoupmentreceipt',
                    'ordering': ['commitment', 'received_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='ShootingFile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                    ('title', models.CharField(max_length=300, verbose_name='title')),
                    ('project_type', models.CharField(choices=[('feature', 'feature film'), ('series', 'series'), ('short', 'short film'), ('documentary', 'feature documentary'), ('advert', 'advertising'), ('tv_format', 'TV format'), ('music_clip', 'music clip'), ('video_clip', 'video clip')], max_length=12, verbose_name='project type')),
                    ('files', models.PositiveIntegerField(default=1, help_text='1 for a file; more for an aggregate', verbose_name='files')),
                    ('files_shot', models.PositiveIntegerField(default=1, verbose_name='files shot in the region this year')),
                    ('days', models.PositiveIntegerField(verbose_name='shooting days in the region')),
                    ('funded', models.BooleanField(default=False, help_text='all its days are then left out of the impact', verbose_name='funded by the fund')),
                    ('days_covered', models.PositiveIntegerField(default=0, help_text='for an aggregate only; a funded file has all its days covered', verbose_name='days of funded projects')),
                    ('financed_non_av_spend', models.DecimalField(decimal_places=2, default=Decimal('0'), help_text="the report's complement, counted nowhere else", max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='non-audiovisual spend of funded projects')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                ],
                options={
                    'verbose_name': 'shooting file',
                    'verbose_name_plural': 'shooting files',
                    'db_table': 'core_shootingfile',
                    'ordering': ['organisation', '-year', 'project_type', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Tranche',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveSmallIntegerField(verbose_name='tranche')),
                    ('share', models.DecimalField(decimal_places=4, max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='share of the commitment')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                    ('spend_share', models.DecimalField(decimal_places=4, max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='share of the spend to prove')),
                    ('spend_to_prove', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='verified Walloon spend required')),
                    ('released_on', models.DateField(blank=True, null=True, verbose_name='released on')),
                    ('released_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount released')),
                    ('verified_spend', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='verified spend at release')),
                ],
                options={
                    'verbose_name': 'tranche',
                    'verbose_name_plural': 'tranches',
                    'db_table': 'core_tranche',
                    'ordering': ['commitment', 'number'],
                },
            ),
            migrations.CreateModel(
                name='Application',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('submitted_on', models.DateField(verbose_name='submitted on')),
                    ('amount_requested', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount requested')),
                    ('walloon_spend_committed', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='Walloon spend committed')),
                    ('broadcaster_cash', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='broadcaster cash contribution')),
                    ('broadcaster', models.CharField(blank=True, max_length=200, verbose_name='broadcaster')),
                    ('status', models.CharField(choices=[('submitted', 'submitted'), ('scored', 'scored'), ('accepted', 'accepted'), ('refused', 'refused'), ('second_pass', 'second pass')], default='submitted', max_length=12, verbose_name='status')),
                    ('score', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='score')),
                    ('score_comment', models.TextField(blank=True, verbose_name="analyst's comment")),
                    ('proposal', models.CharField(blank=True, choices=[('accept', 'accept'), ('refuse', 'refuse'), ('second_pass', 'second pass')], max_length=12, verbose_name='proposal to the board')),
                    ('proposed_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount proposed')),
                    ('analyst', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='analyst')),
                ],
                options={
                    'verbose_name': 'application',
                    'verbose_name_plural': 'applications',
                    'db_table': 'core_application',
                    'ordering': ['call', 'submitted_on', 'pk'],
                },
            ),
        ]),
    ]

"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contribution', '0001_initial'),
        ('investments', '0001_initial'),
        ('registry', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='EditorProfile',
                fields=[
                    ('organisation', models.OneToOneField(limit_choices_to={'kind': 'editor'}, on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='editor_profile', serialize=False, to='registry.organisation', verbose_name='organisation')),
                    ('establishment', models.CharField(choices=[('local', 'local (established in the FWB)'), ('external', 'external (targets the FWB from another EU state)')], max_length=10, verbose_name='establishment')),
                    ('country', models.CharField(default='BE', max_length=2, verbose_name='country of establishment')),
                    ('first_activity_day', models.DateField(blank=True, null=True, verbose_name='first day of activity')),
                ],
                options={
                    'verbose_name': 'editor profile',
                    'verbose_name_plural': 'editor profiles',
                    'db_table': 'core_editorprofile',
                },
            ),
            migrations.AddField(
                model_name='attachment',
                name='investment',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='investments.investment'),
            ),
            migrations.AddField(
                model_name='attachment',
                name='uploaded_by',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to=settings.AUTH_USER_MODEL),
            ),
            migrations.CreateModel(
                name='ObligationYear',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2024), django.core.validators.MaxValueValidator(2100)], verbose_name='obligation year')),
                    ('form', models.CharField(choices=[('payment', 'payment to the CCA'), ('investments', 'investments')], default='payment', max_length=12, verbose_name='form of contribution')),
                    ('choice_filed_on', models.DateField(blank=True, null=True, verbose_name='choice filed on')),
                    ('turnover_estimate', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='turnover estimate (year n−1)')),
                    ('eligible_turnover', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='eligible turnover fixed by the CSA')),
                    ('eligible_fixed_on', models.DateField(blank=True, null=True, verbose_name='eligible turnover fixed on')),
                    ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='contribution amount notified')),
                    ('exemption_ground', models.CharField(blank=True, choices=[('turnover_below_threshold', 'eligible turnover below the threshold'), ('audience_linear', 'linear service audience share below 2 %'), ('audience_non_linear', 'non-linear service audience share below 1 %'), ('few_works', 'less than 10 % of audiovisual works broadcast')], max_length=32, verbose_name='exemption ground')),
                    ('status', models.CharField(choices=[('open', 'open'), ('declared', 'turnover declared'), ('fixed', 'amount fixed by the CSA'), ('exempt', 'exempt'), ('validated', 'validated by the CCA'), ('closed', 'closed')], default='open', max_length=12, verbose_name='status')),
                    ('editor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='obligations', to='contribution.editorprofile', verbose_name='editor')),
                ],
                options={
                    'verbose_name': 'obligation year',
                    'verbose_name_plural': 'obligation years',
                    'db_table': 'core_obligationyear',
                    'ordering': ['-year', 'editor__organisation__name'],
                },
            ),
            migrations.AddField(
                model_name='attachment',
                name='obligation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='contribution.obligationyear'),
            ),
            migrations.CreateModel(
                name='Question',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('asked_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked at')),
                    ('text', models.TextField(verbose_name='question')),
                    ('answer', models.TextField(blank=True, verbose_name='answer')),
                    ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                    ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='questions_answered', to=settings.AUTH_USER_MODEL)),
                    ('asked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='questions_asked', to=settings.AUTH_USER_MODEL)),
                    ('obligation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='contribution.obligationyear')),
                ],
                options={
                    'verbose_name': 'question',
                    'verbose_name_plural': 'questions',
                    'db_table': 'core_question',
                    'ordering': ['asked_at'],
                },
            ),
            migrations.CreateModel(
                name='Service',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('kind', models.CharField(choices=[('linear', 'linear'), ('non_linear', 'non-linear')], max_length=12, verbose_name='kind')),
                    ('editor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='services', to='contribution.editorprofile', verbose_name='editor')),
                ],
                options={
                    'verbose_name': 'service',
                    'verbose_name_plural': 'services',
                    'db_table': 'core_service',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='ServiceYearFacts',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('audience_share', models.DecimalField(blank=True, decimal_places=6, max_digits=7, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='audience share')),
                    ('audiovisual_works_share', models.DecimalField(blank=True, decimal_places=6, max_digits=7, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='share of audiovisual works in airtime')),
                    ('obligation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='service_facts', to='contribution.obligationyear')),
                    ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='year_facts', to='contribution.service', verbose_name='service')),
                ],
                options={
                    'verbose_name': 'service figures of the year',
                    'verbose_name_plural': 'service figures of the year',
                    'db_table': 'core_serviceyearfacts',
                },
            ),
            migrations.CreateModel(
                name='TurnoverDeclaration',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('market_basis', models.CharField(choices=[('fwb', 'FWB market isolated'), ('brussels_whole', 'whole Brussels region (80 % retained)'), ('belgium_whole', 'whole of Belgium (39.5 % retained)')], default='fwb', max_length=16, verbose_name='market basis')),
                    ('submitted_on', models.DateField(blank=True, null=True, verbose_name='submitted on')),
                    ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('accepted', 'accepted by the CSA')], default='draft', max_length=12, verbose_name='status')),
                    ('obligation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='declaration', to='contribution.obligationyear', verbose_name='obligation year')),
                ],
                options={
                    'verbose_name': 'turnover declaration',
                    'verbose_name_plural': 'turnover declarations',
                    'db_table': 'core_turnoverdeclaration',
                },
            ),
            migrations.CreateModel(
                name='TurnoverLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('category', models.CharField(choices=[('advertising', 'advertising'), ('sponsorship', 'sponsorship'), ('teleshopping', 'teleshopping'), ('product_placement', 'product placement'), ('other_commercial_communication', 'other commercial communication'), ('distribution_fees', 'distribution fees'), ('subscriptions', 'subscriptions'), ('programme_sales', 'programme sales'), ('call_tv', 'call TV'), ('other_content_revenue', 'other content revenue')], max_length=32, verbose_name='category')),
                    ('market', models.CharField(choices=[('all', 'all markets (local editor)'), ('eu_contributing_state', 'EU state where the editor already contributes (deducted)'), ('french_language_region', 'French-language region'), ('brussels_francophone', 'French-speaking public of Brussels'), ('brussels_total', 'whole Brussels-Capital Region (80 % retained)'), ('belgium_total', 'whole of Belgium (39.5 % retained)')], default='all', max_length=24, verbose_name='market')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount invoiced (excl. VAT)')),
                    ('agency_commissions', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='ad-sales house commissions')),
                    ('confidential', models.BooleanField(default=False, verbose_name='confidential')),
                    ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='contribution.turnoverdeclaration')),
                    ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='turnover_lines', to='contribution.service', verbose_name='service')),
                ],
                options={
                    'verbose_name': 'turnover line',
                    'verbose_name_plural': 'turnover lines',
                    'db_table': 'core_turnoverline',
                    'ordering': ['service__name', 'category', 'market'],
                },
            ),
            migrations.AddConstraint(
                model_name='obligationyear',
                constraint=models.UniqueConstraint(fields=('editor', 'year'), name='obligation_one_per_editor_year'),
            ),
            migrations.AddConstraint(
                model_name='attachment',
                constraint=models.CheckConstraint(condition=models.Q(('obligation__isnull', False), ('investment__isnull', False), _connector='OR'), name='attachment_has_a_subject'),
            ),
            migrations.AddConstraint(
                model_name='service',
                constraint=models.UniqueConstraint(fields=('editor', 'name'), name='service_unique_name'),
            ),
            migrations.AddConstraint(
                model_name='serviceyearfacts',
                constraint=models.UniqueConstraint(fields=('obligation', 'service'), name='service_facts_unique'),
            ),
            migrations.AddConstraint(
                model_name='turnoverline',
                constraint=models.UniqueConstraint(fields=('declaration', 'service', 'category', 'market'), name='turnover_line_unique'),
            ),
        ]),
    ]

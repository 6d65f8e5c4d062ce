"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0007_supplier_ownership'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='BudgetVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                    ('label', models.CharField(blank=True, max_length=200, verbose_name='label')),
                    ('is_current', models.BooleanField(default=False, verbose_name='current')),
                    ('locked', models.BooleanField(default=False, verbose_name='locked')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                ],
                options={
                    'verbose_name': 'budget version',
                    'verbose_name_plural': 'budget versions',
                    'db_table': 'core_budgetversion',
                    'ordering': ['project', 'number'],
                },
            ),
            migrations.CreateModel(
                name='CoproductionShare',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('country', models.CharField(help_text='ISO 3166 code', max_length=2, verbose_name='country')),
                    ('share', models.DecimalField(decimal_places=6, max_digits=7, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='share')),
                ],
                options={
                    'verbose_name': 'coproduction share',
                    'verbose_name_plural': 'coproduction shares',
                    'db_table': 'core_coproductionshare',
                    'ordering': ['project', '-share', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='FinancingSource',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('source_type', models.CharField(choices=[('public_aid', 'public aid (CCA…)'), ('regional_fund', 'regional fund'), ('tax_shelter', 'Tax Shelter'), ('broadcaster_coproduction', 'broadcaster coproduction'), ('broadcaster_prepurchase', 'broadcaster pre-purchase'), ('broadcaster_commission', 'broadcaster commission'), ('coproducer', 'coproducer'), ('equity', "producer's equity"), ('loan', 'loan'), ('other', 'other')], max_length=32, verbose_name='type')),
                    ('label', models.CharField(max_length=200, verbose_name='label')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount (EUR)')),
                    ('currency', models.CharField(default='EUR', max_length=3, verbose_name='currency')),
                    ('amount_in_currency', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount in currency')),
                    ('exchange_rate', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, verbose_name='exchange rate (EUR per unit)')),
                    ('exchange_rate_date', models.DateField(blank=True, null=True, verbose_name='exchange rate date')),
                    ('in_kind', models.BooleanField(default=False, verbose_name='in kind')),
                    ('status', models.CharField(choices=[('requested', 'requested'), ('granted', 'granted'), ('contracted', 'contracted'), ('received', 'received'), ('refused', 'refused')], default='requested', max_length=12, verbose_name='status')),
                    ('requested_on', models.DateField(blank=True, null=True, verbose_name='requested on')),
                    ('granted_on', models.DateField(blank=True, null=True, verbose_name='granted on')),
                    ('contracted_on', models.DateField(blank=True, null=True, verbose_name='contracted on')),
                    ('received_on', models.DateField(blank=True, null=True, verbose_name='received on')),
                    ('rule', models.CharField(blank=True, choices=[('', 'no spend obligation'), ('wallimage', 'Wallimage: Walloon spend ratio'), ('spillover', 'broadcaster: FWB spillover'), ('screen_brussels', 'screen.brussels: Brussels spend'), ('tax_shelter', 'Tax Shelter: Belgian spend')], default='', max_length=20, verbose_name='spend obligation')),
                    ('committed_ratio', models.DecimalField(blank=True, decimal_places=4, help_text='a multiple: 1.5 for 150 %', max_digits=8, null=True, verbose_name='committed spend ratio')),
                    ('spend_deadline', models.DateField(blank=True, null=True, verbose_name='spend deadline')),
                    ('screen_format', models.CharField(blank=True, max_length=30, verbose_name='screen.brussels format')),
                    ('certificate_value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='Tax Shelter certificate value')),
                    ('animation', models.BooleanField(default=False, verbose_name='animation (longer spend period)')),
                    ('min_share', models.DecimalField(blank=True, decimal_places=6, max_digits=7, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='coproduction share: minimum')),
                    ('max_share', models.DecimalField(blank=True, decimal_places=6, max_digits=7, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='coproduction share: maximum')),
                ],
                options={
                    'verbose_name': 'financing source',
                    'verbose_name_plural': 'financing sources',
                    'db_table': 'core_financingsource',
                    'ordering': ['project', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='FinancingTranche',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveSmallIntegerField(verbose_name='tranche')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                    ('spend_to_prove', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='spend to prove')),
                    ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                    ('received_on', models.DateField(blank=True, null=True, verbose_name='received on')),
                ],
                options={
                    'verbose_name': 'financing tranche',
                    'verbose_name_plural': 'financing tranches',
                    'db_table': 'core_financingtranche',
                    'ordering': ['source', 'number'],
                },
            ),
            migrations.CreateModel(
                name='FringeRate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(help_text='e.g. employee, artist', max_length=30, verbose_name='code')),
                    ('rate', models.DecimalField(decimal_places=6, max_digits=7, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='rate')),
                    ('source', models.CharField(max_length=300, verbose_name='source')),
                ],
                options={
                    'verbose_name': 'employer-charge rate',
                    'verbose_name_plural': 'employer-charge rates',
                    'db_table': 'core_fringerate',
                    'ordering': ['project', 'code'],
                },
            ),
            migrations.CreateModel(
                name='Project',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('format', models.CharField(blank=True, help_text='e.g. 1 × 95 min, 10 × 52 min', max_length=200, verbose_name='format')),
                    ('position', models.CharField(choices=[('majority', 'majority coproducer'), ('minority', 'minority coproducer'), ('sole', 'sole producer')], default='sole', max_length=10, verbose_name='position')),
                    ('shooting_start', models.DateField(blank=True, null=True, verbose_name='shooting starts')),
                    ('shooting_end', models.DateField(blank=True, null=True, verbose_name='shooting ends')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                ],
                options={
                    'verbose_name': 'production project',
                    'verbose_name_plural': 'production projects',
                    'db_table': 'core_project',
                    'ordering': ['work__title'],
                },
            ),
            migrations.CreateModel(
                name='PurchaseOrder',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.CharField(max_length=50, verbose_name='number')),
                    ('date', models.DateField(verbose_name='date')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount excl. VAT')),
                    ('description', models.CharField(blank=True, max_length=300, verbose_name='description')),
                ],
                options={
                    'verbose_name': 'purchase order',
                    'verbose_name_plural': 'purchase orders',
                    'db_table': 'core_purchaseorder',
                    'ordering': ['project', 'date', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Account',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=20, verbose_name='code')),
                    ('label', models.CharField(max_length=200, verbose_name='label')),
                    ('cost_type', models.CharField(choices=[('direct', 'direct cost'), ('overhead', 'overhead'), ('producer_fee', 'producer fee'), ('commission', 'commission')], default='direct', max_length=16, verbose_name='cost type')),
                    ('post_production', models.BooleanField(default=False, verbose_name='post-production')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='production.account', verbose_name='parent account')),
                ],
                options={
                    'verbose_name': 'budget account',
                    'verbose_name_plural': 'budget accounts',
                    'db_table': 'core_account',
                    'ordering': ['project', 'code'],
                },
            ),
            migrations.CreateModel(
                name='BudgetLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('description', models.CharField(max_length=300, verbose_name='description')),
                    ('quantity', models.DecimalField(decimal_places=3, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='quantity')),
                    ('unit', models.CharField(blank=True, help_text='day, week, flat…', max_length=30, verbose_name='unit')),
                    ('rate', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='rate')),
                    ('currency', models.CharField(default='EUR', max_length=3, verbose_name='currency')),
                    ('exchange_rate', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, verbose_name='exchange rate (EUR per unit)')),
                    ('exchange_rate_date', models.DateField(blank=True, null=True, verbose_name='exchange rate date')),
                    ('fringe_code', models.CharField(blank=True, max_length=30, verbose_name='employer charges')),
                    ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budget_lines', to='production.account', verbose_name='account')),
                    ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='production.budgetversion')),
                ],
                options={
                    'verbose_name': 'budget line',
                    'verbose_name_plural': 'budget lines',
                    'db_table': 'core_budgetline',
                    'ordering': ['version', 'account__code', 'pk'],
                },
            ),
        ]),
    ]

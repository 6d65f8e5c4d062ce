"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.core.validators
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
                name='ColumnMapping',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=100, verbose_name='name')),
                    ('columns', models.JSONField(default=dict, help_text='ledger field → column header in the file', verbose_name='columns')),
                    ('date_format', models.CharField(default='%d/%m/%Y', max_length=20, verbose_name='date format')),
                    ('decimal_comma', models.BooleanField(default=True, verbose_name='decimal comma')),
                ],
                options={
                    'verbose_name': 'column mapping',
                    'verbose_name_plural': 'column mappings',
                    'db_table': 'core_columnmapping',
                    'ordering': ['owner', 'name'],
                },
            ),
            migrations.CreateModel(
                name='Expense',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('invoice', 'invoice'), ('payroll', 'payroll'), ('overhead', 'overhead'), ('producer_fee', 'producer fee')], default='invoice', max_length=16, verbose_name='kind')),
                    ('date', models.DateField(verbose_name='date')),
                    ('number', models.CharField(blank=True, max_length=50, verbose_name='number')),
                    ('amount_excl_vat', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount excl. VAT')),
                    ('vat_rate', models.DecimalField(decimal_places=4, default=Decimal('0.21'), help_text='a fraction: 0.21 for 21 %', max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='VAT rate')),
                    ('description', models.CharField(blank=True, max_length=300, verbose_name='description')),
                    ('cost_type', models.CharField(choices=[('direct', 'direct cost'), ('overhead', 'overhead'), ('producer_fee', 'producer fee'), ('commission', 'commission')], default='direct', max_length=16, verbose_name='cost type')),
                    ('paid_on', models.DateField(blank=True, null=True, verbose_name='paid on')),
                    ('location_rental', models.BooleanField(default=False, verbose_name='shooting location rental')),
                    ('studio', models.CharField(blank=True, max_length=100, verbose_name='studio')),
                    ('manager_services', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name="of which the manager's own services")),
                    ('manager_lives_in_wallonia', models.BooleanField(blank=True, null=True, verbose_name='manager lives in Wallonia')),
                    ('post_production', models.BooleanField(default=False, verbose_name='post-production')),
                    ('vfx', models.BooleanField(default=False, verbose_name='visual effects (VFX)')),
                    ('vehicle_rental_agency', models.BooleanField(default=False, verbose_name='vehicle from a rental agency')),
                    ('hotel_night', models.BooleanField(default=False, verbose_name='hotel night')),
                    ('private_flat_set', models.BooleanField(default=False, verbose_name='private flat used as a set')),
                    ('directly_linked', models.BooleanField(default=True, verbose_name='directly linked to the production')),
                    ('missing_fields', models.JSONField(blank=True, default=list, verbose_name='mandatory invoice fields missing')),
                    ('source_key', models.CharField(blank=True, help_text='identifies the line in its source file, so that importing it again adds nothing', max_length=120, verbose_name='source key')),
                ],
                options={
                    'verbose_name': 'expense',
                    'verbose_name_plural': 'expenses',
                    'db_table': 'core_expense',
                    'ordering': ['date', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='LedgerBucket',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=64)),
                    ('month', models.DateField()),
                    ('account_code', models.CharField(blank=True, max_length=20)),
                    ('kind', models.CharField(max_length=16)),
                    ('cost_type', models.CharField(max_length=16)),
                    ('flags', models.JSONField(default=dict)),
                    ('facts_key', models.CharField(blank=True, max_length=40)),
                    ('territory', models.CharField(blank=True, max_length=16)),
                    ('days', models.JSONField(default=dict)),
                    ('lines', models.PositiveIntegerField(default=0)),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                    ('manager_services', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='manager services')),
                    ('paid', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='paid')),
                ],
                options={
                    'db_table': 'core_ledgerbucket',
                },
            ),
            migrations.CreateModel(
                name='LedgerImport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('file_name', models.CharField(max_length=255, verbose_name='file')),
                    ('sha256', models.CharField(max_length=64)),
                    ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'XLSX'), ('ubl', 'Peppol UBL e-invoice')], max_length=4, verbose_name='format')),
                    ('status', models.CharField(choices=[('running', 'running'), ('done', 'done'), ('failed', 'failed'), ('duplicate', 'already imported')], default='running', max_length=10, verbose_name='status')),
                    ('rows_total', models.PositiveIntegerField(default=0)),
                    ('rows_done', models.PositiveIntegerField(default=0)),
                    ('lines_added', models.PositiveIntegerField(default=0)),
                    ('errors', models.JSONField(default=list)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                ],
                options={
                    'verbose_name': 'ledger import',
                    'verbose_name_plural': 'ledger imports',
                    'db_table': 'core_ledgerimport',
                    'ordering': ['-created_at', '-pk'],
                },
            ),
        ]),
    ]

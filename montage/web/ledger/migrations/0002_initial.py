"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ledger', '0001_initial'),
        ('production', '0001_initial'),
        ('registry', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AddField(
                model_name='columnmapping',
                name='owner',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='column_mappings', to='registry.organisation'),
            ),
            migrations.AddField(
                model_name='expense',
                name='account',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='expenses', to='production.account', verbose_name='budget account'),
            ),
            migrations.AddField(
                model_name='expense',
                name='employee',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='payroll_lines', to='registry.person', verbose_name='employee'),
            ),
            migrations.AddField(
                model_name='expense',
                name='owner',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='expenses', to='registry.organisation', verbose_name='recorded by'),
            ),
            migrations.AddField(
                model_name='expense',
                name='project',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='expenses', to='production.project', verbose_name='project'),
            ),
            migrations.AddField(
                model_name='expense',
                name='purchase_order',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='expenses', to='production.purchaseorder', verbose_name='purchase order'),
            ),
            migrations.AddField(
                model_name='expense',
                name='supplier',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='expenses', to='registry.company', verbose_name='supplier'),
            ),
            migrations.AddField(
                model_name='expense',
                name='work',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='expenses', to='registry.work', verbose_name='work'),
            ),
            migrations.AddField(
                model_name='ledgerbucket',
                name='employer',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.company'),
            ),
            migrations.AddField(
                model_name='ledgerbucket',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='buckets', to='production.project'),
            ),
            migrations.AddField(
                model_name='ledgerbucket',
                name='supplier',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.company'),
            ),
            migrations.AddField(
                model_name='ledgerimport',
                name='created_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AddField(
                model_name='ledgerimport',
                name='mapping',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='ledger.columnmapping'),
            ),
            migrations.AddField(
                model_name='ledgerimport',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='imports', to='production.project'),
            ),
            migrations.AddField(
                model_name='expense',
                name='ledger_import',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='expenses', to='ledger.ledgerimport'),
            ),
            migrations.AddConstraint(
                model_name='columnmapping',
                constraint=models.UniqueConstraint(fields=('owner', 'name'), name='column_mapping_unique_name'),
            ),
            migrations.AddConstraint(
                model_name='ledgerbucket',
                constraint=models.UniqueConstraint(fields=('project', 'key'), name='ledger_bucket_unique_key'),
            ),
            migrations.AddIndex(
                model_name='expense',
                index=models.Index(fields=['project', 'date'], name='expense_project_date'),
            ),
            migrations.AddIndex(
                model_name='expense',
                index=models.Index(condition=models.Q(('purchase_order__isnull', False)), fields=['purchase_order'], name='expense_purchase_order'),
            ),
            migrations.AddIndex(
                model_name='expense',
                index=models.Index(condition=models.Q(('employee__isnull', False)), fields=['employee'], name='expense_employee'),
            ),
            migrations.AddConstraint(
                model_name='expense',
                constraint=models.UniqueConstraint(condition=models.Q(('source_key', ''), _negated=True), fields=('project', 'source_key'), name='expense_unique_source_key'),
            ),
        ]),
    ]

"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('fund', '0002_initial'),
        ('investments', '0002_initial'),
        ('production', '0001_initial'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AddField(
                model_name='coproductionshare',
                name='company',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='coproduction_shares', to='registry.company', verbose_name='coproducer'),
            ),
            migrations.AddField(
                model_name='financingsource',
                name='commitment',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='financing_sources', to='fund.commitment', verbose_name='fund commitment'),
            ),
            migrations.AddField(
                model_name='financingsource',
                name='financier',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='financed_sources', to='registry.organisation', verbose_name='financier'),
            ),
            migrations.AddField(
                model_name='financingsource',
                name='financier_company',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='financed_sources', to='registry.company', verbose_name='financier (company)'),
            ),
            migrations.AddField(
                model_name='financingsource',
                name='investment',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='financing_sources', to='investments.investment', verbose_name='broadcaster investment'),
            ),
            migrations.AddField(
                model_name='financingtranche',
                name='source',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tranches', to='production.financingsource'),
            ),
            migrations.AddField(
                model_name='project',
                name='owner',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='registry.organisation', verbose_name='producer'),
            ),
            migrations.AddField(
                model_name='project',
                name='work',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='registry.work', verbose_name='work'),
            ),
            migrations.AddField(
                model_name='fringerate',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fringe_rates', to='production.project'),
            ),
            migrations.AddField(
                model_name='financingsource',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sources', to='production.project'),
            ),
            migrations.AddField(
                model_name='coproductionshare',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='production.project'),
            ),
            migrations.AddField(
                model_name='budgetversion',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='budgets', to='production.project'),
            ),
            migrations.AddField(
                model_name='account',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='accounts', to='production.project'),
            ),
            migrations.AddField(
                model_name='purchaseorder',
                name='account',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='production.account', verbose_name='account'),
            ),
            migrations.AddField(
                model_name='purchaseorder',
                name='project',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='orders', to='production.project'),
            ),
            migrations.AddField(
                model_name='purchaseorder',
                name='supplier',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='registry.company', verbose_name='supplier'),
            ),
            migrations.AddConstraint(
                model_name='financingtranche',
                constraint=models.UniqueConstraint(fields=('source', 'number'), name='financing_tranche_unique'),
            ),
            migrations.AddConstraint(
                model_name='project',
                constraint=models.UniqueConstraint(fields=('owner', 'work'), name='project_unique_work'),
            ),
            migrations.AddConstraint(
                model_name='fringerate',
                constraint=models.UniqueConstraint(fields=('project', 'code'), name='fringe_unique_code'),
            ),
            migrations.AddConstraint(
                model_name='budgetversion',
                constraint=models.UniqueConstraint(fields=('project', 'number'), name='budget_unique_number'),
            ),
            migrations.AddConstraint(
                model_name='account',
                constraint=models.UniqueConstraint(fields=('project', 'code'), name='account_unique_code'),
            ),
        ]),
    ]

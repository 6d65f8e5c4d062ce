"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contribution', '0002_initial'),
        ('investments', '0001_initial'),
        ('ledger', '0001_initial'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AddField(
                model_name='committeemeeting',
                name='editor',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='committee_meetings', to='contribution.editorprofile'),
            ),
            migrations.AddField(
                model_name='independenceassessment',
                name='company',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='independence_assessments', to='registry.company', verbose_name='producer'),
            ),
            migrations.AddField(
                model_name='independenceshareholder',
                name='assessment',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shareholders', to='investments.independenceassessment'),
            ),
            migrations.AddField(
                model_name='independenceturnover',
                name='assessment',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='turnover', to='investments.independenceassessment'),
            ),
            migrations.AddField(
                model_name='investment',
                name='editor',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='investments', to='contribution.editorprofile', verbose_name='editor'),
            ),
            migrations.AddField(
                model_name='investment',
                name='obligation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='investments', to='contribution.obligationyear', verbose_name='obligation year'),
            ),
            migrations.AddField(
                model_name='investment',
                name='producer',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='investments', to='registry.company', verbose_name='producer'),
            ),
            migrations.AddField(
                model_name='investment',
                name='reassigned_from',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reassignments', to='investments.investment', verbose_name='reassigns the unrealised investment'),
            ),
            migrations.AddField(
                model_name='investment',
                name='work',
                field=models.ForeignKey(blank=True, help_text='empty for training and other non-work investments', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='investments', to='registry.work', verbose_name='work'),
            ),
            migrations.AddField(
                model_name='payment',
                name='obligation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='contribution.obligationyear'),
            ),
            migrations.AddField(
                model_name='spilloverproof',
                name='expense',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='spillover_proofs', to='ledger.expense'),
            ),
            migrations.AddField(
                model_name='spilloverproof',
                name='investment',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spillover_proofs', to='investments.investment'),
            ),
            migrations.AddConstraint(
                model_name='committeemeeting',
                constraint=models.UniqueConstraint(fields=('editor', 'year'), name='committee_one_per_year'),
            ),
            migrations.AddConstraint(
                model_name='independenceassessment',
                constraint=models.UniqueConstraint(fields=('company', 'reference_year'), name='independence_one_per_year'),
            ),
            migrations.AddConstraint(
                model_name='spilloverproof',
                constraint=models.UniqueConstraint(fields=('investment', 'expense'), name='spillover_proof_once'),
            ),
        ]),
    ]

"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('fund', '0001_initial'),
        ('registry', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AddField(
                model_name='application',
                name='applicant',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fund_applications', to='registry.company', verbose_name='applicant company'),
            ),
            migrations.AddField(
                model_name='application',
                name='work',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fund_applications', to='registry.work', verbose_name='work'),
            ),
            migrations.AddField(
                model_name='application',
                name='call',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='fund.call', verbose_name='call'),
            ),
            migrations.AddField(
                model_name='commitment',
                name='application',
                field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='commitment', to='fund.application'),
            ),
            migrations.AddField(
                model_name='commitmentcancellation',
                name='cancelled_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cancelled by'),
            ),
            migrations.AddField(
                model_name='commitmentcancellation',
                name='commitment',
                field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='cancellation', to='fund.commitment'),
            ),
            migrations.AddField(
                model_name='commitmentshare',
                name='commitment',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='fund.commitment'),
            ),
            migrations.AddField(
                model_name='decision',
                name='application',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='fund.application'),
            ),
            migrations.AddField(
                model_name='decision',
                name='decided_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
            ),
            migrations.AddField(
                model_name='enterpriseholding',
                name='company',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enterprise_holdings', to='registry.company', verbose_name='company'),
            ),
            migrations.AddField(
                model_name='enterpriseholding',
                name='organisation',
                field=models.ForeignKey(limit_choices_to={'kind': 'fund'}, on_delete=django.db.models.deletion.PROTECT, related_name='enterprise_holdings', to='registry.organisation', verbose_name='fund'),
            ),
            migrations.AddField(
                model_name='enterpriseinstrument',
                name='holding',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='instruments', to='fund.enterpriseholding', verbose_name='portfolio company'),
            ),
            migrations.AddField(
                model_name='enterprisemovement',
                name='instrument',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='movements', to='fund.enterpriseinstrument', verbose_name='instrument'),
            ),
            migrations.AddField(
                model_name='enterprisesectoroutstanding',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.organisation', verbose_name='fund'),
            ),
            migrations.AddField(
                model_name='fundingline',
                name='organisation',
                field=models.ForeignKey(limit_choices_to={'kind': 'fund'}, on_delete=django.db.models.deletion.PROTECT, related_name='funding_lines', to='registry.organisation', verbose_name='fund'),
            ),
            migrations.AddField(
                model_name='call',
                name='funding_line',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='fund.fundingline', verbose_name='funding line'),
            ),
            migrations.AddField(
                model_name='fundinglineenvelope',
                name='funding_line',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='envelopes', to='fund.fundingline'),
            ),
            migrations.AddField(
                model_name='recoupmentreceipt',
                name='commitment',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recoupments', to='fund.commitment', verbose_name='commitment'),
            ),
            migrations.AddField(
                model_name='shootingfile',
                name='organisation',
                field=models.ForeignKey(limit_choices_to={'kind': 'fund'}, on_delete=django.db.models.deletion.PROTECT, related_name='shooting_files', to='registry.organisation', verbose_name='fund'),
            ),
            migrations.AddField(
                model_name='tranche',
                name='commitment',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tranches', to='fund.commitment'),
            ),
            migrations.AddField(
                model_name='tranche',
                name='released_by',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='released by'),
            ),
            migrations.AddConstraint(
                model_name='enterpriseholding',
                constraint=models.UniqueConstraint(fields=('organisation', 'company'), name='fund_holding_unique_company'),
            ),
            migrations.AddConstraint(
                model_name='fundingline',
                constraint=models.UniqueConstraint(fields=('organisation', 'name'), name='fund_line_unique_name'),
            ),
            migrations.AddConstraint(
                model_name='fundinglineenvelope',
                constraint=models.UniqueConstraint(fields=('funding_line', 'year'), name='fund_envelope_one_per_year'),
            ),
            migrations.AddConstraint(
                model_name='tranche',
                constraint=models.UniqueConstraint(fields=('commitment', 'number'), name='fund_tranche_unique_number'),
            ),
        ]),
    ]

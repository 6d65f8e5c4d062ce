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
                name='CommitteeMeeting',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='obligation year')),
                    ('held_on', models.DateField(blank=True, null=True, verbose_name='held on')),
                    ('opinion', models.TextField(blank=True, verbose_name='opinion of the committee')),
                ],
                options={
                    'verbose_name': 'committee meeting',
                    'verbose_name_plural': 'committee meetings',
                    'db_table': 'core_committeemeeting',
                },
            ),
            migrations.CreateModel(
                name='IndependenceAssessment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reference_year', models.PositiveSmallIntegerField(verbose_name='reference year')),
                    ('established_in_eu', models.BooleanField(null=True, verbose_name='established in an EU member state')),
                    ('separate_legal_personality', models.BooleanField(null=True, verbose_name="legal personality distinct from an editor's")),
                    ('largest_share_in_an_editor', models.DecimalField(blank=True, decimal_places=6, max_digits=7, null=True, verbose_name='largest share held in an editor')),
                ],
                options={
                    'verbose_name': 'independence assessment',
                    'verbose_name_plural': 'independence assessments',
                    'db_table': 'core_independenceassessment',
                },
            ),
            migrations.CreateModel(
                name='IndependenceShareholder',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='shareholder')),
                    ('share', models.DecimalField(decimal_places=6, max_digits=7, verbose_name="share of the producer's capital")),
                    ('is_editor', models.BooleanField(default=False, verbose_name='is a service editor')),
                    ('share_in_an_editor', models.DecimalField(decimal_places=6, default=Decimal('0'), max_digits=7, verbose_name='largest share it holds in an editor')),
                ],
                options={
                    'db_table': 'core_independenceshareholder',
                },
            ),
            migrations.CreateModel(
                name='IndependenceTurnover',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                    ('total', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='total turnover')),
                    ('editor_name', models.CharField(blank=True, max_length=200, verbose_name='editor')),
                    ('sales_to_editor', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='sales of production to that editor')),
                ],
                options={
                    'db_table': 'core_independenceturnover',
                },
            ),
            migrations.CreateModel(
                name='Investment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('category', models.CharField(choices=[('coproduction', 'coproduction'), ('prepurchase', 'pre-purchase'), ('commission_production', 'programme commission: production'), ('commission_development', 'programme commission: writing and development'), ('writing_development', 'writing and development of a work'), ('training', 'professional training'), ('accessibility', 'accessibility'), ('dubbing_subtitling', 'dubbing and subtitling')], max_length=24, verbose_name='category')),
                    ('fwb_initiative', models.BooleanField(default=False, verbose_name='Belgian French-speaking initiative')),
                    ('document', models.CharField(choices=[('contract', 'signed contract'), ('commitment_letter', 'commitment letter')], default='contract', max_length=20, verbose_name='document')),
                    ('document_date', models.DateField(blank=True, null=True, verbose_name='contract or commitment letter date')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                    ('status', models.CharField(choices=[('active', 'active'), ('unrealised', 'unrealised'), ('cancelled', 'cancelled')], default='active', max_length=12, verbose_name='status')),
                    ('confidential', models.BooleanField(default=False, verbose_name='confidential')),
                    ('genre', models.CharField(blank=True, choices=[('game_show', 'game show'), ('news', 'news'), ('reality_tv', 'reality TV'), ('sports_event', 'sports event'), ('commercial_communication', 'commercial communication'), ('paid_interaction', 'paid user interaction'), ('audiovisual_work', 'audiovisual work')], max_length=32, verbose_name='programme genre')),
                    ('promotes_fwb_artists_or_heritage', models.BooleanField(default=False, verbose_name='main purpose: FWB artists or cultural heritage')),
                    ('delegated_to', models.CharField(blank=True, help_text='vade-mecum step 2 §7', max_length=200, verbose_name='made by a third party')),
                    ('counted_under_other_obligation', models.BooleanField(default=False, verbose_name='already counted under another legal obligation')),
                    ('legal_advantage', models.BooleanField(default=False, verbose_name='benefits from a legal advantage (Tax Shelter…)')),
                    ('justified_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='contractually justified amount (unrealised project)')),
                    ('decision_date', models.DateField(blank=True, help_text='starts the 3-year reassignment window of an unrealised project; contract date when empty', null=True, verbose_name='initial decision date')),
                ],
                options={
                    'verbose_name': 'investment',
                    'verbose_name_plural': 'investments',
                    'db_table': 'core_investment',
                    'ordering': ['obligation__year', 'category', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Payment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.CharField(choices=[('obligation', 'contribution in payment form'), ('presumed', 'presumed contribution (information late)'), ('shortfall', 'shortfall not executed within the smoothing period'), ('unrealised', 'unrealised project not reassigned')], max_length=12, verbose_name='reason')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount due')),
                    ('letter_sent_on', models.DateField(blank=True, null=True, verbose_name='payment letter sent on')),
                    ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                    ('paid_on', models.DateField(blank=True, null=True, verbose_name='paid on')),
                    ('paid_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount paid')),
                    ('communication', models.CharField(blank=True, max_length=40, verbose_name='structured communication')),
                ],
                options={
                    'verbose_name': 'payment to the CCA',
                    'verbose_name_plural': 'payments to the CCA',
                    'db_table': 'core_payment',
                    'ordering': ['due_on', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='SpilloverProof',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount shown (excl. VAT)')),
                    ('missing_fields', models.JSONField(blank=True, default=list, verbose_name='mandatory mentions missing')),
                ],
                options={
                    'verbose_name': 'spillover proof',
                    'verbose_name_plural': 'spillover proofs',
                    'db_table': 'core_spilloverproof',
                },
            ),
        ]),
    ]

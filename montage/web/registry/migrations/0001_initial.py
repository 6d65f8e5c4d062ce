"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.db.models.deletion
import django.utils.timezone
import montage.web.registry.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0007_supplier_ownership'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Company',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('enterprise_number', models.CharField(blank=True, max_length=20, validators=[montage.web.registry.models.validate_enterprise_number], verbose_name='enterprise number')),
                    ('vat_number', models.CharField(blank=True, max_length=20, verbose_name='VAT number')),
                    ('country', models.CharField(default='BE', help_text='ISO 3166 code of the registered seat', max_length=2, verbose_name='country')),
                    ('registered_street', models.CharField(blank=True, max_length=200, verbose_name='registered seat: street')),
                    ('registered_postal_code', models.CharField(max_length=10, verbose_name='registered seat: postal code')),
                    ('registered_city', models.CharField(blank=True, max_length=100, verbose_name='registered seat: city')),
                    ('operating_street', models.CharField(blank=True, max_length=200, verbose_name='operating seat: street')),
                    ('operating_postal_code', models.CharField(blank=True, max_length=10, verbose_name='operating seat: postal code')),
                    ('operating_city', models.CharField(blank=True, max_length=100, verbose_name='operating seat: city')),
                    ('operating_country', models.CharField(blank=True, max_length=2, verbose_name='operating seat: country')),
                    ('audiovisual_activity', models.BooleanField(blank=True, help_text='whether the corporate purpose and NACE codes show an audiovisual activity; empty when not established', null=True, verbose_name='audiovisual activity')),
                    ('nace_codes', models.CharField(blank=True, max_length=100, verbose_name='NACE codes')),
                ],
                options={
                    'verbose_name': 'company',
                    'verbose_name_plural': 'companies',
                    'db_table': 'core_company',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('editor', 'service editor'), ('producer', 'producer'), ('csa', 'CSA (regulator)'), ('cca', 'CCA (film administration)'), ('fund', 'regional fund')], max_length=16, verbose_name='kind')),
                    ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                    ('enterprise_number', models.CharField(blank=True, max_length=20, validators=[montage.web.registry.models.validate_enterprise_number], verbose_name='enterprise number')),
                    ('vat_number', models.CharField(blank=True, max_length=20, verbose_name='VAT number')),
                    ('company', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisation', to='registry.company', verbose_name='company')),
                ],
                options={
                    'verbose_name': 'organisation',
                    'verbose_name_plural': 'organisations',
                    'db_table': 'core_organisation',
                    'ordering': ['name'],
                },
            ),
            migrations.AddField(
                model_name='company',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_companies', to='registry.organisation', verbose_name='owner'),
            ),
            migrations.CreateModel(
                name='Person',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('first_name', models.CharField(blank=True, max_length=100, verbose_name='first name')),
                    ('last_name', models.CharField(max_length=100, verbose_name='last name')),
                    ('nationality', models.CharField(blank=True, help_text='ISO 3166 code; empty when unknown', max_length=2, null=True, verbose_name='nationality')),
                    ('gender', models.CharField(blank=True, choices=[('f', 'female'), ('m', 'male'), ('x', 'other')], max_length=1, null=True, verbose_name='gender')),
                    ('domicile_postal_code', models.CharField(blank=True, max_length=10, verbose_name='domicile: postal code')),
                    ('domicile_country', models.CharField(blank=True, max_length=2, verbose_name='domicile: country')),
                    ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='payroll_people', to='registry.organisation', verbose_name='employer')),
                ],
                options={
                    'verbose_name': 'person',
                    'verbose_name_plural': 'people',
                    'db_table': 'core_person',
                    'ordering': ['last_name', 'first_name'],
                },
            ),
            migrations.CreateModel(
                name='Credit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('role', models.CharField(choices=[('director', 'director'), ('screenwriter', 'screenwriter'), ('producer', 'producer'), ('composer', 'composer'), ('other', 'other')], max_length=16, verbose_name='role')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credits', to='registry.person')),
                ],
                options={
                    'verbose_name': 'credit',
                    'verbose_name_plural': 'credits',
                    'db_table': 'core_credit',
                },
            ),
            migrations.CreateModel(
                name='SupplierCorrection',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('values', models.JSONField(default=dict, verbose_name='proposed values')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('proposed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='proposed on')),
                    ('status', models.CharField(choices=[('open', 'open'), ('accepted', 'accepted'), ('rejected', 'rejected')], default='open', max_length=10, verbose_name='status')),
                    ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided on')),
                    ('company', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='registry.company', verbose_name='supplier')),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.organisation', verbose_name='proposed by')),
                    ('proposed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'supplier correction',
                    'verbose_name_plural': 'supplier corrections',
                    'db_table': 'core_suppliercorrection',
                    'ordering': ['-proposed_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='Work',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=300, verbose_name='title')),
                    ('work_type', models.CharField(choices=[('feature', 'feature film'), ('series', 'series'), ('documentary', 'documentary'), ('animation', 'animation'), ('format', 'programme format'), ('short', 'short film'), ('video_game', 'video game')], max_length=16, verbose_name='type')),
                    ('genre', models.CharField(blank=True, help_text='e.g. fiction, comedy, heritage documentary', max_length=100, verbose_name='genre')),
                    ('initiative', models.CharField(choices=[('belgium', 'Belgian French-speaking initiative'), ('france', 'French initiative'), ('other', 'other initiative')], max_length=10, verbose_name='initiative')),
                    ('status', models.CharField(choices=[('development', 'in development'), ('production', 'in production'), ('post_production', 'in post-production'), ('completed', 'completed'), ('distribution', 'in distribution'), ('abandoned', 'abandoned')], default='development', max_length=16, verbose_name='status')),
                    ('people', models.ManyToManyField(blank=True, through='registry.Credit', to='registry.person', verbose_name='people')),
                    ('producer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='works', to='registry.company', verbose_name='delegate producer')),
                ],
                options={
                    'verbose_name': 'work',
                    'verbose_name_plural': 'works',
                    'db_table': 'core_work',
                    'ordering': ['title'],
                },
            ),
            migrations.AddField(
                model_name='credit',
                name='work',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='credits', to='registry.work'),
            ),
            migrations.CreateModel(
                name='AuditEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='at')),
                    ('actor_label', models.CharField(max_length=150, verbose_name='by (as recorded)')),
                    ('object_id', models.CharField(max_length=40)),
                    ('object_repr', models.CharField(max_length=300, verbose_name='object')),
                    ('action', models.CharField(choices=[('created', 'created'), ('changed', 'changed'), ('deleted', 'deleted'), ('decision', 'decision')], max_length=10, verbose_name='action')),
                    ('field', models.CharField(blank=True, max_length=50, verbose_name='field')),
                    ('old_value', models.TextField(blank=True, verbose_name='old value')),
                    ('new_value', models.TextField(blank=True, verbose_name='new value')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                    ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                ],
                options={
                    'verbose_name': 'audit entry',
                    'verbose_name_plural': 'audit entries',
                    'db_table': 'core_auditentry',
                    'ordering': ['-at', '-pk'],
                    'indexes': [models.Index(fields=['content_type', 'object_id'], name='core_audite_content_45f5e6_idx')],
                },
            ),
            migrations.CreateModel(
                name='Membership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('role', models.CharField(choices=[('editor_officer', 'editor compliance officer'), ('producer_manager', 'producer manager'), ('csa_analyst', 'CSA analyst'), ('cca_analyst', 'CCA analyst'), ('fund_analyst', 'fund analyst'), ('fund_board', 'fund board member'), ('admin', 'organisation administrator')], max_length=24, verbose_name='role')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='registry.organisation', verbose_name='organisation')),
                ],
                options={
                    'verbose_name': 'membership',
                    'verbose_name_plural': 'memberships',
                    'db_table': 'core_membership',
                    'constraints': [models.UniqueConstraint(fields=('user', 'organisation', 'role'), name='membership_unique')],
                },
            ),
            migrations.AddConstraint(
                model_name='credit',
                constraint=models.UniqueConstraint(fields=('work', 'person', 'role'), name='credit_unique'),
            ),
        ]),
    ]

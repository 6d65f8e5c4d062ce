"""State only: the models moved from the app `core` to their domain app; the tables keep
their names (db_table = core_*), so no row moves (see core 0008 and docs/web-map.md)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0007_supplier_ownership'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Attachment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('checklist_key', models.CharField(blank=True, max_length=64, verbose_name='checklist item')),
                    ('file', models.FileField(upload_to='attachments/%Y/', verbose_name='file')),
                    ('description', models.CharField(blank=True, max_length=200, verbose_name='description')),
                    ('confidential', models.BooleanField(default=False, verbose_name='confidential')),
                    ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                ],
                options={
                    'verbose_name': 'attachment',
                    'verbose_name_plural': 'attachments',
                    'db_table': 'core_attachment',
                    'ordering': ['uploaded_at'],
                },
            ),
        ]),
    ]

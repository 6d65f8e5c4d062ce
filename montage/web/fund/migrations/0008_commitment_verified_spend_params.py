"""A verified spend's source the system wrote (a spend report's release) is kept as its message
id and parameters, read in the reader's language; the ones written before, in the releaser's
language, are read back to them. What an analyst typed stays as typed."""

import re

from django.db import migrations, models

REPORT_SOURCE = "spend report of the ledger as of %(day)s (SHA-256 %(sum)s…)"
WRITTEN = [re.compile(r"^spend report of the ledger as of (?P<day>\d\d/\d\d/\d{4}) "
                      r"\(SHA-256 (?P<sum>[0-9a-f]{12})…\)$"),
           re.compile(r"^rapport de dépenses de la comptabilité au (?P<day>\d\d/\d\d/\d{4}) "
                      r"\(SHA-256 (?P<sum>[0-9a-f]{12})…\)$")]


def read_back(apps, schema_editor):
    Commitment = apps.get_model("fund", "Commitment")
    for commitment in Commitment.objects.exclude(verified_spend_source=""):
        for pattern in WRITTEN:
            found = pattern.match(commitment.verified_spend_source)
            if found:
                commitment.verified_spend_source = REPORT_SOURCE
                commitment.verified_spend_params = found.groupdict()
                commitment.save(update_fields=["verified_spend_source", "verified_spend_params"])
                break


class Migration(migrations.Migration):

    dependencies = [("fund", "0007_frozen_captions_in_every_language")]

    operations = [
        migrations.AddField(
            model_name="commitment", name="verified_spend_params",
            field=models.JSONField(blank=True, null=True,
                                   verbose_name="parameters of the source")),
        migrations.RunPython(read_back, migrations.RunPython.noop),
    ]

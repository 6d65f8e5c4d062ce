"""`montage web-admin parameters [NAME] [--format json]`: what the web's engine computes on.

`montage parameters` (montage.law.cli) is pure: it reads the shipped files, no database. This
command lists the same, with the values the CCA entered in the application (who, when, source),
and the entered values a later release set aside (with why), in the same layout.
"""

import io
from contextlib import redirect_stdout

from django.core.management.base import BaseCommand, CommandError

from montage.errors import MontageError
from montage.law.cli import parameters_listing, print_parameters
from montage.web.parameters.services import merged


class Command(BaseCommand):
    help = ("The legal parameters the web application computes on: the shipped files and the "
            "values entered by the CCA (who, when, source).")

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, **options):
        state = merged()
        name = options["name"]
        try:
            data = parameters_listing(state.parameters, name)
        except MontageError as error:
            raise CommandError(str(error)) from None
        aside = [{"name": a.entry.name, "value": a.entry.value,
                  "valid_from": a.entry.valid_from.isoformat(),
                  "valid_until": a.entry.valid_until.isoformat() if a.entry.valid_until
                  else None, "source": a.entry.source,
                  "entered": {"by": a.entry.entered_by, "at": a.entry.entered_at},
                  "reason": "; ".join(str(p) for p in a.error.problems)}
                 for a in state.set_aside if not name or a.entry.name == name]
        text = io.StringIO()
        with redirect_stdout(text):
            print_parameters(data, options["format"], aside)
        self.stdout.write(text.getvalue(), ending="")

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from montage.web.demo import demo_logins, load_demo


class Command(BaseCommand):
    help = ("Create the demo organisations, users and files (idempotent). Its users share a public "
            "password (the superuser admin included): development only (MONTAGE_ENV=development).")

    def handle(self, *args, **options):
        if settings.MONTAGE_ENV != "development":
            raise CommandError("the demo creates users with a public password, superuser "
                               "included: set MONTAGE_ENV=development to load it")
        counts = load_demo()
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
        for username, password, description in demo_logins():
            self.stdout.write(f"  {username:<16} {password:<14} {description}")

from django.core.management.base import BaseCommand

from montage.web.demo import demo_logins, load_demo


class Command(BaseCommand):
    help = "Create the demo organisations, users and files (idempotent)."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
        for username, password, description in demo_logins():
            self.stdout.write(f"  {username:<16} {password:<14} {description}")

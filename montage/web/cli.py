"""`montage serve` and `montage web-admin`: the web application from the command line."""

from __future__ import annotations

import argparse
import os

SETTINGS = "montage.web.settings"


def _setup(host: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if host and host not in ("0.0.0.0", "::") and "MONTAGE_ALLOWED_HOSTS" not in os.environ:
        os.environ["MONTAGE_ALLOWED_HOSTS"] = f"localhost,127.0.0.1,[::1],{host}"
    import django

    django.setup()


def serve(args: argparse.Namespace) -> int:
    _setup(args.host)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    url_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Montage: database {settings.DATABASES['default']['NAME']} migrated.")
    if not args.no_demo:
        from montage.web.demo import demo_logins, load_demo

        load_demo()
        print("Demo log-ins (username / password):")
        for username, password, description in demo_logins():
            print(f"  {username:<16} {password:<14} {description}")
    print(f"Open http://{url_host}:{args.port}/  (Ctrl-C to stop)", flush=True)
    # --insecure: serve /static/ from the package even with DEBUG off (a local server only).
    call_command("runserver", f"{url_host}:{args.port}", use_reloader=False,
                 insecure_serving=True, skip_checks=False)
    return 0


def web_admin(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["montage web-admin", *args.django_args])
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the web application (migrate, load the demo, serve)",
        description="Migrate the database (SQLite in ./var/ unless MONTAGE_DATABASE_URL is set), "
                    "load the demo data unless --no-demo, print the URL and the demo log-ins, "
                    "and serve the application. A development server: do not expose it.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    parser.set_defaults(func=serve)

    admin = subparsers.add_parser(
        "web-admin", help="run a django-admin command on the web application's settings",
        description="Pass the remaining arguments to django-admin, e.g. "
                    "`montage web-admin createsuperuser` or `montage web-admin migrate`.")
    admin.add_argument("django_args", nargs=argparse.REMAINDER, metavar="ARGS")
    admin.set_defaults(func=web_admin)

"""`montage serve`, `montage worker` and `montage web-admin`: the web application from the
command line."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

SETTINGS = "montage.web.settings"


def _setup(host: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if host and host not in ("0.0.0.0", "::") and "MONTAGE_ALLOWED_HOSTS" not in os.environ:
        os.environ["MONTAGE_ALLOWED_HOSTS"] = f"localhost,127.0.0.1,[::1],{host}"
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:  # e.g. production without MONTAGE_SECRET_KEY
        print(f"montage: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def prepare(args: argparse.Namespace) -> bool:
    """What `montage serve` does before serving: migrate and, only with --demo, load the demo
    (its users share one public password, printed, and include the superuser `admin`). False,
    with the reason on stderr, when the demo is asked for outside development."""
    # The development server is development, unless the environment says otherwise.
    os.environ.setdefault("MONTAGE_ENV", "development")
    _setup(args.host)
    from django.conf import settings
    from django.core.management import call_command

    if args.demo and settings.MONTAGE_ENV != "development":
        print("montage serve: --demo creates users with a public password; it needs "
              "MONTAGE_ENV=development", file=sys.stderr)
        return False
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Montage: database {settings.DATABASES['default']['NAME']} migrated.")
    if args.demo:
        from montage.web.demo import demo_logins, load_demo

        print("Montage: loading the demo data (the first start takes about half a minute)…", flush=True)
        started = time.monotonic()
        load_demo()
        print(f"Montage: demo data ready in {time.monotonic() - started:.0f} s.")
        print("Demo log-ins (username / password):")
        for username, password, description in demo_logins():
            print(f"  {username:<16} {password:<14} {description}")
    else:
        print("No demo data (`montage serve --demo` loads it); create a user with "
              "`montage web-admin createsuperuser`.")
    return True


def default_workers() -> int:
    """Gunicorn's advice: two sync workers per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def production_refusal(settings) -> str | None:
    """Why these settings may not serve the Internet, or None. The settings themselves already
    refuse, in production, a missing or weak MONTAGE_SECRET_KEY and MONTAGE_DEBUG=1."""
    if settings.MONTAGE_ENV != "production":
        return "montage serve --production needs MONTAGE_ENV=production (or unset)"
    if settings.DEBUG:
        return "montage serve --production refuses MONTAGE_DEBUG=1"
    if "MONTAGE_ALLOWED_HOSTS" not in os.environ:
        return ("montage serve --production needs MONTAGE_ALLOWED_HOSTS, the host names it "
                "answers to (e.g. montage.example)")
    if "*" in settings.ALLOWED_HOSTS:
        return "montage serve --production refuses MONTAGE_ALLOWED_HOSTS=*: name the hosts"
    return None


def serve_production(args: argparse.Namespace) -> int:
    """gunicorn (the process is replaced by it), static files through whitenoise."""
    os.environ.setdefault("MONTAGE_ENV", "production")
    if args.demo:
        print("montage serve: --demo creates users with a public password; it is refused with "
              "--production", file=sys.stderr)
        return 2
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    refusal = production_refusal(settings)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # STATIC_ROOT, for whitenoise
    workers = args.workers or default_workers()
    url_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Montage: database {settings.DATABASES['default']['NAME']} migrated; gunicorn with "
          f"{workers} workers on http://{url_host}:{args.port}/", flush=True)
    print("Imports run in `montage worker`, a service of its own beside this one (README.md, "
          "\"Deploying\"; scripts/run --production starts both).", flush=True)
    # --timeout 120: a 200 MB upload over a slow link outlasts gunicorn's 30 s default.
    command = [sys.executable, "-m", "gunicorn", "montage.web.wsgi:application",
               "--bind", f"{url_host}:{args.port}", "--workers", str(workers),
               "--timeout", "120", "--access-logfile", "-"]
    os.execv(sys.executable, command)
    return 0  # not reached


def serve(args: argparse.Namespace) -> int:
    if args.production:
        return serve_production(args)
    if not prepare(args):
        return 2
    from django.core.management import call_command

    url_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Open http://{url_host}:{args.port}/  (Ctrl-C to stop)", flush=True)
    # --insecure: serve /static/ from the package even with DEBUG off (a local server only).
    call_command("runserver", f"{url_host}:{args.port}", use_reloader=False,
                 insecure_serving=True, skip_checks=False)
    return 0


def worker(args: argparse.Namespace) -> int:
    os.environ.setdefault("MONTAGE_ENV", "development" if args.development else "production")
    _setup()
    from montage.web import worker as jobs_worker

    print("Montage worker: running the queued jobs (Ctrl-C to stop).", flush=True)
    jobs_worker.yield_to_the_web()
    return jobs_worker.run(interval=args.interval, batch=args.batch)


def backup(args: argparse.Namespace) -> int:
    _setup()
    from montage.web import backup as backups

    manifest = backups.backup(args.path)
    print(f"Montage: {manifest['engine']} database and attachments backed up to {args.path}.")
    return 0


def restore(args: argparse.Namespace) -> int:
    _setup()
    from montage.web import backup as backups

    manifest = backups.restore(args.path, force=args.force)
    print(f"Montage: restored from {args.path} (backup of {manifest['created']}).")
    return 0


def web_admin(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["montage web-admin", *args.django_args])
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the web application (migrate, optionally load the demo, serve)",
        description="Migrate the database (SQLite in ./var/ unless MONTAGE_DATABASE_URL is set), "
                    "load the demo data with --demo (scripts/run does) and print its log-ins, "
                    "print the URL and serve the application. A development server "
                    "(MONTAGE_ENV=development unless set): do not expose it. With --production: "
                    "MONTAGE_ENV=production unless set, unsafe settings refused, collectstatic, "
                    "then gunicorn (2 × cores + 1 workers) with static files through whitenoise.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--demo", action="store_true", default=False,
                        help="load the demo data: users with the public password montage-demo, "
                             "the superuser admin included (development only)")
    parser.add_argument("--no-demo", dest="demo", action="store_false",
                        help="do not load the demo data (the default; the last of the two wins)")
    parser.add_argument("--production", action="store_true",
                        help="serve with gunicorn and whitenoise (MONTAGE_ENV=production: a "
                             "secret key and MONTAGE_ALLOWED_HOSTS required, HTTPS assumed)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="gunicorn workers with --production (default 2 × cores + 1)")
    parser.set_defaults(func=serve)

    working = subparsers.add_parser(
        "worker", help="run the queued jobs (imports) beside the web application",
        description="Run the jobs the pages queue (ledger imports), one at a time, on the same "
                    "database as `montage serve` (MONTAGE_DATABASE_URL). Between jobs, an import "
                    "whose heartbeat is older than MONTAGE_JOB_HEARTBEAT_TIMEOUT seconds (its "
                    "worker died) is marked failed; an import longer than "
                    "MONTAGE_IMPORT_TIME_LIMIT seconds is stopped and failed. Several workers may "
                    "run at once. MONTAGE_ENV=production unless set or --development.")
    working.add_argument("--development", action="store_true",
                         help="MONTAGE_ENV=development unless set (beside `montage serve`)")
    working.add_argument("--batch", action="store_true",
                         help="run the jobs queued, then stop")
    working.add_argument("--interval", type=float, default=1.0, metavar="SECONDS",
                         help="how often an idle worker looks at the queue (default 1)")
    working.set_defaults(func=worker)

    saving = subparsers.add_parser(
        "backup", help="back up the database and the attachments into one archive",
        description="Write one .tar.gz archive: the database (SQLite's online backup, consistent "
                    "while the application runs; pg_dump -Fc on PostgreSQL) and MEDIA_ROOT.")
    saving.add_argument("path", type=Path, metavar="PATH", help="the archive to write")
    saving.set_defaults(func=backup)
    restoring = subparsers.add_parser(
        "restore", help="restore the database and the attachments from a backup archive",
        description="Replace the database and MEDIA_ROOT by those of a `montage backup` archive. "
                    "Refused when the database holds tables or MEDIA_ROOT files, unless --force.")
    restoring.add_argument("path", type=Path, metavar="PATH", help="the archive to read")
    restoring.add_argument("--force", action="store_true",
                           help="replace a database and attachments that are not empty")
    restoring.set_defaults(func=restore)

    admin = subparsers.add_parser(
        "web-admin", help="run a django-admin command on the web application's settings",
        description="Pass the remaining arguments to django-admin, e.g. "
                    "`montage web-admin createsuperuser` or `montage web-admin migrate`.")
    admin.add_argument("django_args", nargs=argparse.REMAINDER, metavar="ARGS")
    admin.set_defaults(func=web_admin)

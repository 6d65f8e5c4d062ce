"""`montage bench web`: the application under load, as its users use it.

Loads the demo into a fresh temporary database (SQLite in a temporary directory; with
MONTAGE_DATABASE_URL naming a PostgreSQL server, a fresh database created on it and dropped
after), starts `montage serve --production` on 127.0.0.1 (a random free port), logs in `--users`
sessions spread over the demo's roles (`tele.demo`, `csa`, `cca`, `wallimage`, `phare`…), and has
each play its role's journey — the pages its desk opens and a few API calls with a token —
for `--seconds`, pausing `--pause` seconds between requests. `--import-lines N` imports a
generated ledger of N lines into a demo project meanwhile, queued as an upload queues it and
run by the worker's loop at the worker's lower priority (`montage worker`), in a separate process. Prints one JSON object:
requests, req_per_s, p50_ms/p95_ms/p99_ms, errors (an answer ≥ 400 or a failed connection),
per_page (the same per page), and the import's seconds.

`--profile-pages` instead times each journey page for one user in this process (Django's test
client, no server: the server's own time), median of `--repeat`, with its query count
(CaptureQueriesContext): where a page's time goes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"  # never anything else: the bench loads a demo with public passwords
PASSWORD = "montage-demo"


# -- the journeys, per role ----------------------------------------------------------------------

def journeys() -> dict[str, list[tuple[str, str]]]:
    """{username: [(page, path)]}: what each demo user opens, in order (Django set up on the
    demo database). A page's name is its URL name; API calls are "api <path>"."""
    from django.urls import reverse

    from montage.web.contribution.models import ObligationYear, TurnoverLine
    from montage.web.fund.models import Application, Call, Commitment
    from montage.web.investments.models import EditorProfile, Investment
    from montage.web.ledger.models import Expense
    from montage.web.production.models import BudgetLine, FinancingSource, Project

    def url(name, *args):
        return name, reverse(name, args=args)

    def editor(name):
        return EditorProfile.objects.get(organisation__name=name)

    tele = editor("Télé Demo")
    tele_file = ObligationYear.objects.filter(editor=tele).order_by("-year").first()
    tele_old = ObligationYear.objects.filter(editor=tele).order_by("year").first()
    line = TurnoverLine.objects.filter(declaration__obligation=tele_file).first()
    investment = Investment.objects.filter(editor=tele).order_by("pk").first()
    stream = editor("StreamFlix Europe")
    stream_file = ObligationYear.objects.filter(editor=stream).order_by("-year").first()
    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    budget_line = BudgetLine.objects.filter(version__project=phare,
                                            version__locked=False).first()
    source = FinancingSource.objects.filter(project=phare).first()
    expense = Expense.objects.filter(project=phare).first()
    call = Call.objects.order_by("pk").first()
    application = Application.objects.order_by("pk").first()
    commitment = Commitment.objects.order_by("pk").first()
    editors = [
        url("home"), url("contribution_list"), url("contribution_file", tele_file.pk),
        url("investments_index"), url("investments_register", tele_old.pk),
        url("investments_investment", investment.pk),
        ("api /api/me", "/api/me"), ("api /api/investments", "/api/investments"),
    ]
    if line is not None:
        editors.insert(3, url("contribution_line_edit", line.pk))
    regulators = [
        url("home"), url("contribution_list"), url("contribution_file", stream_file.pk),
        url("investments_index"), url("investments_register", tele_old.pk),
        url("investments_payments", tele.pk), url("investments_committee", tele_old.pk),
        ("api /api/obligations", "/api/obligations"), ("api /api/me", "/api/me"),
    ]
    fund = [
        url("home"), url("fund_report"), url("fund_calls"), url("fund_call_detail", call.pk),
        url("fund_application_detail", application.pk),
        url("fund_commitment_detail", commitment.pk), url("fund_recoupments"),
        url("fund_enterprise"), url("fund_film_office"),
    ]
    producer = [
        url("home"), url("production_projects"), url("production_project", phare.pk),
        url("production_budget", phare.pk), url("production_top_sheet", phare.pk),
        url("production_line_edit", phare.pk, budget_line.pk),
        url("production_financing", phare.pk),
        url("production_source_edit", phare.pk, source.pk),
        url("production_cost_report", phare.pk), url("ledger_expenses", phare.pk),
        url("ledger_expense", phare.pk, expense.pk), url("ledger_dashboard", phare.pk),
        url("ledger_obligations", phare.pk), url("ledger_imports", phare.pk),
    ]
    return {"tele.demo": editors, "csa": regulators, "cca": regulators, "wallimage": fund,
            "phare": producer}


def _sessions(users: int) -> list[str]:
    """`users` log-ins, round-robin over the roles' users (each a session of its own)."""
    names = list(journeys_users())
    return [names[n % len(names)] for n in range(users)]


def journeys_users() -> tuple[str, ...]:
    return ("tele.demo", "csa", "cca", "wallimage", "phare")


# -- the client ----------------------------------------------------------------------------------

class Session:
    """One logged-in user over plain HTTP to gunicorn (as if behind the TLS proxy: the
    X-Forwarded-Proto header the production settings trust, MONTAGE_SECURE_PROXY_SSL_HEADER)."""

    def __init__(self, port: int, username: str, token: str):
        self.port, self.username, self.cookies = port, username, {}
        self.token = token

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            sent = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{self.port}",
                    "Origin": f"https://{HOST}:{self.port}",
                    "Referer": f"https://{HOST}:{self.port}/", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data
        finally:
            connection.close()

    def log_in(self) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page answered {status}")
        body = urlencode({"csrfmiddlewaretoken": token.group(1).decode(),
                          "username": self.username, "password": PASSWORD}).encode()
        status, _ = self.request("POST", "/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"log-in of {self.username} answered {status}")

    def get(self, page: str, path: str) -> int:
        if page.startswith("api "):
            connection_headers = {"Authorization": f"Bearer {self.token}"}
            cookies, self.cookies = self.cookies, {}
            try:
                return self.request("GET", path, headers=connection_headers)[0]
            finally:
                self.cookies = cookies
        return self.request("GET", path)[0]


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def _figures(times: list[float], errors: int, seconds: float | None = None) -> dict:
    out = {"requests": len(times), "errors": errors, "p50_ms": _percentile(times, 0.50),
           "p95_ms": _percentile(times, 0.95), "p99_ms": _percentile(times, 0.99)}
    if seconds:
        out["req_per_s"] = round(len(times) / seconds, 1)
    return out


def play(port: int, sessions: list[Session], plan: dict, seconds: float,
         pause: float) -> dict:
    """Every session plays its journey in a loop until the time is up."""
    lock = threading.Lock()
    samples: list[tuple[str, float, bool]] = []
    deadline = time.monotonic() + seconds

    def run(session: Session, offset: int) -> None:
        pages = plan[session.username]
        n = offset
        while time.monotonic() < deadline:
            page, path = pages[n % len(pages)]
            n += 1
            started = time.perf_counter()
            try:
                failed = session.get(page, path) >= 400
            except OSError:
                failed = True
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples.append((page, elapsed, failed))
            if pause:
                time.sleep(pause)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(s, i), daemon=True)
               for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    elapsed = time.monotonic() - started
    per_page: dict[str, tuple[list, int]] = {}
    for page, ms, failed in samples:
        times, errors = per_page.setdefault(page, ([], 0))
        times.append(ms)
        per_page[page] = (times, errors + failed)
    result = _figures([ms for _, ms, _ in samples], sum(f for *_, f in samples), elapsed)
    result["seconds"] = round(elapsed, 1)
    result["per_page"] = {page: _figures(times, errors)
                          for page, (times, errors) in sorted(per_page.items())}
    return result


# -- the server and its database -----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _database(directory: Path) -> tuple[str, callable]:
    """A fresh database's URL and how to drop it."""
    given = os.environ.get("MONTAGE_DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{directory / 'bench.sqlite3'}", lambda: None
    import psycopg

    name = f"montage_bench_{secrets.token_hex(4)}"
    base, _, _ = given.rpartition("/")
    with psycopg.connect(given, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(given, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return f"{base}/{name}", drop


def _environment(directory: Path, database: str, secret: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONTAGE_")}
    env.update(MONTAGE_DATABASE_URL=database, MONTAGE_MEDIA_ROOT=str(directory / "media"),
               MONTAGE_SECRET_KEY=secret, PYTHONPATH=os.pathsep.join(
                   filter(None, [str(Path(__file__).resolve().parents[2]),
                                 os.environ.get("PYTHONPATH")])))
    return env


def _load_demo(env: dict) -> None:
    """The demo, as `montage serve --demo` loads it (development only: its passwords are
    public), in a process of its own."""
    code = ("import sys; from montage.web.cli import _setup; _setup(); "
            "from django.core.management import call_command; "
            "call_command('migrate', interactive=False, verbosity=0); "
            "from montage.web.demo import load_demo; load_demo()")
    subprocess.run([sys.executable, "-c", code], env={**env, "MONTAGE_ENV": "development"},
                   check=True, stdout=subprocess.DEVNULL)


def _serve(env: dict, port: int, workers: int | None, directory: Path) -> subprocess.Popen:
    production = {**env, "MONTAGE_ENV": "production", "MONTAGE_ALLOWED_HOSTS": HOST,
                  "MONTAGE_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto=https"}
    command = [sys.executable, "-m", "montage.cli", "serve", "--production", "--host", HOST,
               "--port", str(port)] + (["--workers", str(workers)] if workers else [])
    server = subprocess.Popen(command, env=production, cwd=directory,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"montage: the server stopped ({server.returncode})")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("montage: the server did not start within 120 s")


IMPORT_CODE = """
import sys, time
from pathlib import Path
from montage.web.cli import _setup
_setup()
from montage.web import worker
from montage.web.ledger import bench, imports, jobs
from montage.web.ledger.models import LedgerImport
path = Path(sys.argv[1])
bench.generate(path, int(sys.argv[2]))
project = bench.make_project(title="Import sous charge")
mapping = bench.save_mapping(project.owner)
started = time.perf_counter()
data = path.read_bytes()
record = jobs.enqueue(imports.start_import(project, path.name, data, mapping=mapping), data)
worker.yield_to_the_web()
worker.run(batch=True)
record.refresh_from_db()
print(record.status, round(time.perf_counter() - started, 1))
"""


def _start_import(env: dict, directory: Path, lines: int) -> subprocess.Popen:
    """A ledger import of `lines` generated lines, queued as an upload queues it and run by the
    worker's loop at the worker's priority, in a process of its own (as `montage worker` is)."""
    return subprocess.Popen([sys.executable, "-c", IMPORT_CODE, str(directory / "import.csv"),
                             str(lines)], env={**env, "MONTAGE_ENV": "development"},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _setup_here(env: dict) -> None:
    """Django in this process, on the bench's database (journeys, tokens, --profile-pages)."""
    for key in ("MONTAGE_DATABASE_URL", "MONTAGE_MEDIA_ROOT", "MONTAGE_SECRET_KEY"):
        os.environ[key] = env[key]
    os.environ["MONTAGE_ENV"] = "development"
    from montage.web.cli import _setup

    _setup()


# -- one user, no server: where a page's time goes -----------------------------------------------

def profile_pages(plan: dict, repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from montage.web.api.auth import issue_token

    pages = {}
    for username, journey in plan.items():
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)[0]}"}
        for page, path in journey:
            key = f"{page} ({username})"
            if key in pages:
                continue
            times, queries, status = [], 0, 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = (client.get(path, **bearer) if page.startswith("api ")
                                else client.get(path))
                    times.append((time.perf_counter() - started) * 1000)
                queries, status = len(captured), response.status_code
            pages[key] = {"median_ms": round(statistics.median(times), 1), "queries": queries,
                          "status": status}
    medians = [page["median_ms"] for page in pages.values()]
    return {"pages": len(pages), "median_ms": round(statistics.median(medians), 1),
            "slowest": dict(sorted(pages.items(), key=lambda kv: -kv[1]["median_ms"])[:10]),
            "per_page": pages}


# -- the command ---------------------------------------------------------------------------------

def bench_web(args: argparse.Namespace) -> int:
    if args.users < 1 or args.seconds <= 0:
        raise SystemExit("montage: --users and --seconds must be positive")
    with tempfile.TemporaryDirectory(prefix="montage-bench-web-") as tmp:
        directory = Path(tmp)
        database, drop = _database(directory)
        try:
            env = _environment(directory, database, secrets.token_urlsafe(50))
            started = time.perf_counter()
            _load_demo(env)
            demo_seconds = round(time.perf_counter() - started, 1)
            _setup_here(env)
            plan = journeys()
            engine = database.split(":", 1)[0]
            if args.profile_pages:
                result = {"engine": engine, **profile_pages(plan, args.repeat)}
            else:
                result = _load(args, env, directory, plan)
                result = {"engine": engine, "users": args.users, "pause_s": args.pause,
                          "demo_seconds": demo_seconds, **result}
            from django.db import connections

            connections.close_all()
        finally:
            drop()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def _load(args, env: dict, directory: Path, plan: dict) -> dict:
    from django.contrib.auth import get_user_model

    from montage.web.api.auth import issue_token

    port = _free_port()
    server = _serve(env, port, args.workers, directory)
    importer = None
    try:
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=journeys_users())}
        sessions = [Session(port, name, issue_token(users[name])[0])
                    for name in _sessions(args.users)]
        for session in sessions:
            session.log_in()
        if args.import_lines:
            importer = _start_import(env, directory, args.import_lines)
        result = play(port, sessions, plan, args.seconds, args.pause)
        if importer is not None:
            result["import_running_at_end"] = importer.poll() is None
            out, _ = importer.communicate(timeout=3600)
            status, _, seconds = out.strip().rpartition("\n")[-1].partition(" ")
            result["import"] = {"lines": args.import_lines, "status": status,
                                "seconds": float(seconds) if seconds else None}
        return result
    finally:
        if importer is not None and importer.poll() is None:
            importer.kill()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def register(bench_subparsers) -> None:
    web = bench_subparsers.add_parser("web", help="the production server under load",
                                      description=__doc__.splitlines()[0])
    web.add_argument("--seconds", type=float, default=60, help="how long (default 60)")
    web.add_argument("--users", type=int, default=50, help="logged-in sessions (default 50)")
    web.add_argument("--pause", type=float, default=1.0,
                     help="seconds each user waits between requests (default 1; 0: none)")
    web.add_argument("--import-lines", type=int, default=0, metavar="N",
                     help="import a generated ledger of N lines during the run")
    web.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    web.add_argument("--profile-pages", action="store_true",
                     help="instead: one user, each page's median time and queries, no server")
    web.add_argument("--repeat", type=int, default=5, help="with --profile-pages (default 5)")
    web.set_defaults(func=bench_web)

"""`montage bench web` runs end to end: a short run of a few users, with a small import run by the
worker meanwhile, prints its JSON figures (their keys are checked, never their timings)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_run_prints_its_figures(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONTAGE_")}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-m", "montage.cli", "bench", "web", "--seconds", "2",
                          "--users", "3", "--workers", "2", "--import-lines", "40"],
                         cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    figures = json.loads(out)
    assert {"engine", "users", "requests", "req_per_s", "p50_ms", "p95_ms", "p99_ms", "errors",
            "per_page"} <= set(figures)
    assert figures["engine"] == "sqlite" and figures["users"] == 3
    assert figures["requests"] > 0
    # the import meanwhile, queued and run by the worker's loop
    assert figures["import"]["lines"] == 40 and figures["import"]["status"] == "done"
    page = next(iter(figures["per_page"].values()))
    assert {"requests", "errors", "p50_ms", "p95_ms", "p99_ms"} <= set(page)

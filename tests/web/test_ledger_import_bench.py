"""`montage bench ledger` at a small size: the JSON it prints, and that the application's
totals (import service, buckets, the financiers' rules) equal DuckDB's on the same CSV.
No timing is asserted."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(__import__("importlib").util.find_spec("duckdb") is None,
                    reason="duckdb (the bench extra) is not installed")
def test_bench_ledger_small():
    # the command chooses its own database and hosts, whatever earlier tests left in os.environ
    env = {k: v for k, v in os.environ.items() if k not in (
        "MONTAGE_DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MONTAGE_ALLOWED_HOSTS")}
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from montage.cli import main; "
                               "sys.exit(main(['bench', 'ledger', '--lines', '2000', "
                               "'--dashboard', '--repeat', '2']))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("lines", "seconds", "lines_per_second", "peak_rss_mib", "duckdb_seconds",
                "one_invoice_ms", "dashboard_ms", "one_invoice_seconds", "dashboard_seconds",
                "phases_seconds"):
        assert key in data
    assert data["lines"] == 2000
    assert set(data["totals"]) == {"wallimage", "spillover", "screen_brussels", "tax_shelter"}
    assert data["totals"] == data["duckdb_totals"]
    assert data["totals_match"] is True
    assert set(data["phases_seconds"]) == {"plan", "write", "buckets", "obligations", "total"}
    assert set(data["cpu_seconds"]) == {"import", "second_process", "duckdb"}
    assert all(value >= 0 for value in data["cpu_seconds"].values())
    assert len(data["load_average"]) == 2

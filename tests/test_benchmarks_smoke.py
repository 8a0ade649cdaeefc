"""The benchmark scripts still run: each with --quick exits 0 and prints its headline figures.

No timing is asserted here; the figures themselves are for people (benchmarks/README.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from support.outside_repo import skip_unless_ci

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SCRIPT_TIMEOUT = 60


def require_postgres() -> None:
    """Skip when PostgreSQL is unreachable, unless CI is set: then it must be there."""
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        skip_unless_ci(f"PostgreSQL at {PG_URL} unreachable: {str(error).strip()}")


def run_quick(script: str, *args: str) -> str:
    """Run benchmarks/<script> --quick (and `args`) from the repo root; fail unless it exits 0."""
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / script), "--quick", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{script} exited {done.returncode}:\n{output[-4000:]}"
    return done.stdout


def assert_labels(output: str, labels: list[str]) -> None:
    """Every headline label appears in the output."""
    missing = [label for label in labels if label not in output]
    assert not missing, f"missing {missing} in:\n{output[-4000:]}"


def test_ack_latency_quick() -> None:
    output = run_quick("ack_latency.py")
    assert_labels(
        output,
        [
            "ack p50",
            "ack p99",
            "p99 ratio oops/bare+view",
            "p99 ratio oops/bare (",
            "max ack (oops)",
        ],
    )


@pytest.mark.postgres
def test_dispatch_throughput_quick() -> None:
    require_postgres()
    output = run_quick("dispatch_throughput.py")
    assert_labels(output, ["delivered/s", "of the limit", "duplicates", "lost"])


@pytest.mark.postgres
def test_dispatch_throughput_workspaces_quick() -> None:
    require_postgres()
    output = run_quick("dispatch_throughput.py", "--workspaces", "200")
    assert_labels(
        output,
        ["installed via OAuth", "of the sum of the limits", "cost to the others", "lost 0"],
    )


@pytest.mark.postgres
def test_claim_cost_quick() -> None:
    require_postgres()
    output = run_quick("claim_cost.py")
    assert_labels(output, ["median", "claim time ratio", "uses index ix_nudges_due", "EXPLAIN"])


def test_idle_memory_quick() -> None:
    output = run_quick("idle_memory.py")
    assert_labels(output, ["idle RSS oops", "idle RSS bare Bolt"])

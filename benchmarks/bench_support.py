"""Shared by the benchmark scripts: import paths, percentiles, scratch PostgreSQL databases, RSS."""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
TESTS_DIR = REPO_ROOT / "tests"
# The scripts reuse the app (`bot`, `storage`) and the test harness (`support`).
for _path in (REPO_ROOT, TESTS_DIR):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import psycopg  # noqa: E402

SIGNING_SECRET = "bench-signing-secret-5d1f"
BOT_TOKEN = "xoxb-bench"
# Override with BENCH_POSTGRES_URL to use another server; the URL names an existing database.
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (`q` in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def summarize_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p99, max and mean of durations given in seconds, in milliseconds."""
    if not seconds:
        return {"p50": float("nan"), "p99": float("nan"), "max": float("nan"), "mean": 0.0}
    return {
        "p50": percentile(seconds, 50) * 1000,
        "p99": percentile(seconds, 99) * 1000,
        "max": max(seconds) * 1000,
        "mean": statistics.fmean(seconds) * 1000,
    }


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as a plain aligned text table."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        padded = [
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(padded).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _cell(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def pg_unreachable_reason(url: str = PG_ADMIN_URL) -> str | None:
    """None when PostgreSQL answers at `url`, else why not."""
    try:
        with psycopg.connect(url, connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return f"PostgreSQL at {url} unreachable: {str(error).strip()}"


@contextmanager
def scratch_database(tag: str, admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """Create an empty PostgreSQL database `bench_<tag>_...`, yield its URL, drop it afterwards."""
    name = f"bench_{tag}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
            # FORCE: a benchmark process we killed may still hold a connection.
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def proc_status_kib(pid: int, field: str = "VmRSS") -> int:
    """A `kB` field of /proc/PID/status (VmRSS: resident memory now, VmHWM: its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(f"{field} not in /proc/{pid}/status")


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def machine_line() -> str:
    """CPU count, memory and Python version, for the record next to the figures."""
    mem_kib = mem_total_kib()
    return (
        f"machine: {os.cpu_count()} CPUs, {mem_kib / 1024 / 1024:.1f} GiB RAM, "
        f"Python {sys.version.split()[0]}"
    )


def mem_total_kib() -> int:
    """MemTotal from /proc/meminfo in kB (0 where there is no /proc)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process `pid` has used so far (0.0 once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # the name in parentheses may contain spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pids_named(name: str) -> list[int]:
    """Ids of the processes whose command name is `name` (e.g. every `postgres` backend)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def machine_cpu_jiffies() -> tuple[int, int, int]:
    """(busy, steal, total) jiffies over all CPUs from /proc/stat; busy excludes steal."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle, steal = values[3] + values[4], values[7]  # idle + iowait; time the hypervisor took
    return sum(values) - idle - steal, steal, sum(values)


class CpuMeter:
    """CPU used between start() and stop() by groups of pids, by `postgres`, by this process."""

    def start(self, groups: dict[str, Sequence[int]]) -> None:
        """Take the first readings; `groups` names lists of pids (e.g. the app processes)."""
        self.groups = {name: list(pids) for name, pids in groups.items()}
        self.wall = time.monotonic()
        self.first = {name: sum(map(cpu_seconds, pids)) for name, pids in self.groups.items()}
        self.pg = {p: cpu_seconds(p) for p in pids_named("postgres")}
        self.own = sum(os.times()[:2])
        self.machine = machine_cpu_jiffies()

    def stop(self) -> dict[str, float]:
        """CPU since start(), % of one CPU: each group, postgres, bench (us), machine, steal."""
        wall = time.monotonic() - self.wall
        used = {
            name: sum(map(cpu_seconds, pids)) - self.first[name]
            for name, pids in self.groups.items()
        }
        # Backends come and go with connections: count each from its first reading (or birth).
        pg_now = {p: cpu_seconds(p) for p in pids_named("postgres")}
        used["postgres"] = sum(v - self.pg.get(p, 0.0) for p, v in pg_now.items())
        used["bench"] = sum(os.times()[:2]) - self.own
        result = {name: 100 * v / wall for name, v in used.items()}
        busy, steal, total = machine_cpu_jiffies()
        share = 100 * (os.cpu_count() or 1) / max(1, total - self.machine[2])
        result["machine"] = share * (busy - self.machine[0])
        result["steal"] = share * (steal - self.machine[1])
        return result

"""Run the real app (`python app.py`) as a subprocess on a free port, as an operator would."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Settings the parent may hold for a real workspace; the child must only see what a test gives.
_SCRUBBED_PREFIXES = ("SLACK_", "OOPS_")
_SCRUBBED = frozenset({"DATABASE_URL", "PORT"})
# Set blank (= unset for the app) so a developer's .env cannot switch on Socket Mode or OAuth:
# python-dotenv never overrides a variable that is already present.
_BLANKED = ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


class AppStartError(RuntimeError):
    """The app did not become healthy; the message carries its output."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(env: Mapping[str, str], port: int) -> dict[str, str]:
    """Build the child's environment: the parent's minus Slack/oops settings, plus `env`."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(_SCRUBBED_PREFIXES) and k not in _SCRUBBED
    }
    base.update(dict.fromkeys(_BLANKED, ""))
    base.update(env)
    base.update(PORT=str(port), PYTHONUNBUFFERED="1")
    return base


def run_until_exit(
    env: Mapping[str, str], *, port: int | None = None, timeout: float = 30.0
) -> subprocess.CompletedProcess[str]:
    """Run `python app.py` until it exits (a start-up meant to fail); stdout, stderr apart."""
    return subprocess.run(
        [sys.executable, "app.py"],
        cwd=REPO_ROOT,
        env=child_env(env, port or free_port()),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class AppProcess:
    """The app in a subprocess: start, wait until healthy, stop, kill, restart; output logged."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        port: int | None = None,
        cwd: Path = REPO_ROOT,
        argv: list[str] | None = None,
        log_path: Path | None = None,
        startup_timeout: float = 15.0,
    ) -> None:
        self.env = dict(env)
        self.port = port or free_port()
        self.cwd = cwd
        self.argv = argv or [sys.executable, "app.py"]
        self.startup_timeout = startup_timeout
        if log_path is None:
            fd, name = tempfile.mkstemp(prefix="oops-app-", suffix=".log")
            os.close(fd)
            log_path = Path(name)
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """Where Slack posts commands, interactions and events."""
        return f"{self.base_url}/slack/events"

    @property
    def healthz_url(self) -> str:
        """The health check endpoint."""
        return f"{self.base_url}/healthz"

    @property
    def pid(self) -> int | None:
        """The current process id, if started."""
        return self.proc.pid if self.proc else None

    @property
    def running(self) -> bool:
        """True while the process is alive."""
        return self.proc is not None and self.proc.poll() is None

    @property
    def returncode(self) -> int | None:
        """The exit code once the process ended."""
        return self.proc.poll() if self.proc else None

    def start(self, wait: bool = True) -> AppProcess:
        """Start the process (appending to the log); wait until /healthz answers 200."""
        if self.running:
            raise RuntimeError(f"app already running (pid {self.pid})")
        with self.log_path.open("ab") as log:
            log.write(f"--- starting app on port {self.port}\n".encode())
            log.flush()
            # The child keeps its own copy of the file descriptor; ours can close.
            self.proc = subprocess.Popen(
                self.argv,
                cwd=self.cwd,
                env=child_env(self.env, self.port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the terminal goes to pytest, which stops us
            )
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float | None = None) -> None:
        """Poll /healthz until 200; raise AppStartError with the output if it never comes."""
        deadline = time.monotonic() + (timeout or self.startup_timeout)
        last_error = "no answer"
        while time.monotonic() < deadline:
            if not self.running:
                raise AppStartError(
                    f"app exited with code {self.returncode} before it was healthy\n"
                    f"{self.log_text()}"
                )
            status, text = self.get("/healthz", timeout=1)
            if status == 200:
                return
            last_error = f"status {status}: {text[:200]}"
            time.sleep(0.05)
        self.kill()
        raise AppStartError(
            f"app not healthy after {timeout or self.startup_timeout}s ({last_error})\n"
            f"{self.log_text()}"
        )

    def get(self, path: str, timeout: float = 5) -> tuple[int, str]:
        """GET `path` on the app; (0, reason) when the connection fails."""
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=timeout) as answer:
                return answer.status, answer.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode(errors="replace")
        except (OSError, urllib.error.URLError) as error:
            return 0, str(error)

    def stop(self, timeout: float = 10) -> int | None:
        """SIGTERM, wait up to `timeout` seconds, then SIGKILL; return the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def kill(self) -> int | None:
        """SIGKILL at once, as a crash would; return the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode

    def restart(self, wait: bool = True, **env_overrides: str) -> AppProcess:
        """Stop (if running) and start again on the same port and log, env updated."""
        self.stop()
        self.env.update(env_overrides)
        return self.start(wait=wait)

    def log_text(self) -> str:
        """Everything the app wrote to stdout and stderr so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def __enter__(self) -> AppProcess:
        return self if self.proc else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

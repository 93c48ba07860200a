"""A pytest fixture that runs pretix-mock for the test session and yields its URL and tokens.

It starts the CLI with ``--port 0 --ready-file FILE --stop-with-stdin``: the port is free by
construction, the ready file says where the server listens (no banner scraping), and the server
stops when the fixture closes its stdin, or when this Python process dies.

Which server: ``PRETIX_MOCK_CMD`` (a command line, for example ``npx pretix-mock``) or, by
default, ``node dist/bin/pretix-mock.js`` of this checkout. With Docker instead, run the image
with ``-p 8080:8080`` and set ``PRETIX_MOCK_URL=http://127.0.0.1:8080``: the fixture then only
connects (and reads the tokens from ``/__admin/state``).
"""
import json
import os
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(path: Path, process: subprocess.Popen, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return json.loads(path.read_text())
        if process.poll() is not None:
            raise RuntimeError(f"pretix-mock exited with {process.returncode}: {process.stderr.read().decode()}")
        time.sleep(0.02)
    raise TimeoutError(f"pretix-mock wrote no {path} within {timeout} s")


@pytest.fixture(scope="session")
def pretix_mock():
    """{"url": ..., "tokens": {token name: Authorization value}} of a running pretix-mock."""
    url = os.environ.get("PRETIX_MOCK_URL")
    if url:
        state = requests.get(f"{url}/__admin/state", timeout=10).json()
        schemes = {"team_tokens": "Token", "devices": "Device", "oauth_tokens": "Bearer"}
        tokens = {t["token"]: f"{scheme} {t['token']}" for key, scheme in schemes.items() for t in state[key]}
        yield {"url": url, "tokens": tokens}
        return
    command = shlex.split(os.environ.get("PRETIX_MOCK_CMD", "node dist/bin/pretix-mock.js"))
    with tempfile.TemporaryDirectory() as tmp:
        ready_file = Path(tmp) / "ready.json"
        process = subprocess.Popen(
            [*command, "--port", "0", "--ready-file", str(ready_file), "--stop-with-stdin", "--log-level", "warn"],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            ready = _wait_for(ready_file, process, timeout=60)
            yield {"url": ready["url"], "tokens": ready["tokens"]}
        finally:
            process.stdin.close()  # --stop-with-stdin: a clean stop
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def mock(pretix_mock):
    """The session's server, reset before each test: dataset, journal, fault rules, deliveries."""
    requests.post(f"{pretix_mock['url']}/__admin/reset", timeout=10).raise_for_status()
    return pretix_mock

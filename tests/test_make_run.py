"""`make run` on another port: the site, worker and scheduler all know the address, so links in
e-mails point where the site runs."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_make(tmp_path, *arguments: str, **environment: str) -> list[str]:
    """`make run` with its prerequisites taken as done (-o demo) and a stand-in for Python
    that writes down each command it was given and the address, then exits after a moment."""
    seen = tmp_path / "seen.txt"
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\necho "$2 $BASE_URL" >> {seen}\nsleep 2\n')
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    env = {key: value for key, value in os.environ.items() if key not in ("BASE_URL", "REDIS_URL")}
    subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("make"), "-s", "-o", "demo", "run", f"PY={python}", *arguments],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        timeout=60,
        start_new_session=True,  # the recipe's `kill 0` ends its own process group only
    )
    return seen.read_text().splitlines()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(("port", "expected"), [("8101", "8101"), (None, "8000")])
def test_make_run_gives_every_process_the_address_it_serves(tmp_path, port, expected):
    lines = run_make(tmp_path, *([f"PORT={port}"] if port else []))
    commands = {line.split()[0] for line in lines}
    assert commands == {"db_worker", "load_demo", "run_periodic", "runserver"}
    assert {line.split()[1] for line in lines} == {f"http://127.0.0.1:{expected}"}


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_with_redis_starts_the_rq_worker_instead(tmp_path):
    lines = run_make(tmp_path, REDIS_URL="redis://127.0.0.1:6379/9")
    commands = {line.split()[0] for line in lines}
    assert commands == {"rqworker", "load_demo", "run_periodic", "runserver"}

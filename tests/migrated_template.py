"""A migrated SQLite test database kept in var/ between runs of the suite.

Applying the 250-odd migrations (most of them Wagtail's) costs each test process about 15 s of
CPU. The first process to migrate keeps a copy of the result; every later process, of this run
or the next, starts from a copy of it, and migrate then finds nothing to apply (its signals and
checks still run). The copy is named after everything that decides the schema: the installed
distributions and their versions, and the contents of the project's own migrations. Any change
there makes a new one; the old ones are removed.

PostgreSQL (CI's second run, DATABASE_URL) is created and migrated as usual.
"""

import fcntl
import hashlib
import importlib.metadata
import shutil
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

PREFIX = "test-migrated-"


def applies() -> bool:
    return connection.vendor == "sqlite"


def _fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(installed).encode())
    base = Path(settings.BASE_DIR).resolve()
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        folder = Path(app.path).resolve() / "migrations"
        if not folder.is_relative_to(base) or not folder.is_dir():
            continue  # a dependency's migrations: its version above names them
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{app.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _folder() -> Path:
    return Path(settings.BASE_DIR) / "var"


def template_path() -> Path:
    return _folder() / f"{PREFIX}{_fingerprint()}.sqlite3"


@contextmanager
def _locked():
    """One process at a time copies from or saves the template."""
    _folder().mkdir(exist_ok=True)
    with open(_folder() / f"{PREFIX}lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def copy_to(test_database: str) -> bool:
    """Put a copy of the template at `test_database`; False when there is none yet."""
    template = template_path()
    with _locked():
        if not template.exists():
            return False
        shutil.copyfile(template, test_database)
    return True


def save_from(test_database: str) -> None:
    """Keep the freshly migrated `test_database` as the template (SQLite's backup, so the copy
    is consistent), replacing any made for other migrations."""
    template = template_path()
    with _locked():
        if template.exists():
            return
        partial = template.with_suffix(".partial")
        source = sqlite3.connect(test_database)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        for old in _folder().glob(f"{PREFIX}*.sqlite3"):
            old.unlink(missing_ok=True)
        partial.rename(template)

"""Packaging: the project installs as a wheel and runs without the checkout.

Marked `packaging`: it builds the wheel, makes a fresh virtual environment in a temporary
folder, links the suite's pinned dependencies (installed from requirements.lock) into it and
installs the wheel there. Deselect with
`-m "not packaging"`.

- The wheel holds every module and sub-package of site/ (as parentsite), programs/ and bookings/
  with their migrations, plus the project-wide templates/ and static/ and the translations
  (.po and compiled .mo) inside parentsite/.
- Installed outside the checkout, `foraldrastod-admin check` and `migrate` (on a SQLite file of
  its own, whatever DATABASE_URL the suite runs with) succeed, and parentsite, programs and
  bookings, the templates, static files and translations all come from that environment.
- Every third-party module our code imports (or names in INSTALLED_APPS) is a declared
  dependency; what the tests import is declared too, or in the `test` extra.
"""

import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

# The wheel and the environment are module fixtures: built once by each worker that runs these
# tests. (pytest-xdist's xdist_group would send them all to one worker, but with pytest 9 its
# loadgroup mode groups nothing: see RUSH_LOCK in tests/bookings/test_concurrency.py.)
pytestmark = [pytest.mark.packaging]

REPO = Path(__file__).resolve().parent.parent
# folder in the checkout -> where it lands in the wheel
APP_FOLDERS = {"site": "parentsite", "programs": "programs", "bookings": "bookings"}
DATA_FOLDERS = {
    "templates": "parentsite/templates",
    "static": "parentsite/static",
    "locale": "parentsite/locale",
}
FIRST_PARTY = {"parentsite", "programs", "bookings", "tests"}
# Not part of a source tree: never copied into the build.
NOT_SOURCE = (
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", "*.mo",
    "node_modules", "test-results", ".ruff_cache", ".pytest_cache", "db.sqlite3*",
)
# Environment variables that would point the installed site back at the checkout, at the
# suite's database (PostgreSQL in CI) or at services the bare install has no client for.
NOT_PASSED_ON = {
    "DATABASE_URL", "SQLITE_PATH", "REDIS_URL", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE",
}
TIMEOUT = 900


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 (our own commands, no shell)
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
        f"{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    )
    return result


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A snapshot of the checkout's source tree: the build never sees a stale build/ folder,
    leaves nothing behind in the checkout, and does not race a concurrent run; the wheel is
    compared with exactly what it was built from."""
    snapshot = tmp_path_factory.mktemp("source") / "foraldrastod"
    shutil.copytree(REPO, snapshot, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    return snapshot


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", out, source])
    (built,) = out.glob("foraldrastod-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_files(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_the_apps_their_migrations_templates_static_files_and_translations(
    wheel_files,
):
    for expected in [
        "bookings/migrations/0001_initial.py",
        "programs/models/pages.py",
        "programs/migrations/0001_initial.py",
        "parentsite/settings/base.py",
        "parentsite/migrations/0001_initial.py",
        "parentsite/cli.py",
        "parentsite/templates/base.html",
        "parentsite/static/css/site.css",
        "parentsite/locale/sv/LC_MESSAGES/django.po",
        "parentsite/locale/sv/LC_MESSAGES/django.mo",
    ]:
        assert expected in wheel_files
    top_level = {name.split("/")[0] for name in wheel_files}
    assert top_level == {"parentsite", "programs", "bookings", "foraldrastod-0.1.0.dist-info"}


def test_no_module_or_data_file_is_left_out(source, wheel_files):
    """Each package and sub-package, found by the build itself: a new one needs no edit."""
    expected = set()
    for folder, package in APP_FOLDERS.items():
        for path in (source / folder).rglob("*.py"):
            expected.add(f"{package}/{path.relative_to(source / folder).as_posix()}")
    for folder, target in DATA_FOLDERS.items():
        for path in (source / folder).rglob("*"):
            if path.is_file():
                expected.add(f"{target}/{path.relative_to(source / folder).as_posix()}")
    expected |= {name.removesuffix(".po") + ".mo" for name in expected if name.endswith(".po")}
    assert sorted(expected - wheel_files) == []
    extra = {name for name in wheel_files - expected if not name.startswith("foraldrastod-")}
    assert sorted(extra) == []


def test_the_wheel_declares_the_admin_command(wheel):
    with zipfile.ZipFile(wheel) as archive:
        entry_points = archive.read("foraldrastod-0.1.0.dist-info/entry_points.txt").decode()
    assert "foraldrastod-admin = parentsite.cli:main" in entry_points


# The suite's own installation of the project (pip's editable install of the checkout).
OWN_INSTALL = ("__editable__*", "foraldrastod-*.dist-info", "__pycache__")


def _link_dependencies(*, into: Path) -> None:
    """The pinned dependencies in the new environment: the suite's environment was installed
    from requirements.lock (`make install`), so its packages are linked in, not downloaded and
    unpacked again (a minute); the checkout's own editable install is left out."""
    ours = Path(sysconfig.get_paths()["purelib"])
    (theirs,) = into.glob("lib/python*/site-packages")
    for entry in ours.iterdir():
        if any(entry.match(pattern) for pattern in OWN_INSTALL) or (theirs / entry.name).exists():
            continue
        if entry.is_dir():
            shutil.copytree(entry, theirs / entry.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, theirs / entry.name)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    """A fresh virtual environment outside the checkout with the pinned dependencies and the
    wheel (without the wheel's own dependency resolution: requirements.lock decides)."""
    root = tmp_path_factory.mktemp("installed")
    assert not root.resolve().is_relative_to(REPO)
    venv = root / "venv"
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in NOT_PASSED_ON and not key.startswith("PYTHON")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["DATABASE_URL"] = f"sqlite:///{(root / 'db.sqlite3').resolve()}"
    workdir = root / "work"
    workdir.mkdir()
    options = {"cwd": workdir, "env": env}
    _link_dependencies(into=venv)
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], **options)
    # The wheel's declared dependencies are met by requirements.lock's versions.
    run([python, "-m", "pip", "check"], **options)
    return {"venv": venv, "python": python, "root": root, "options": options}


def test_installed_check_passes_outside_the_checkout(installed):
    # No DJANGO_SETTINGS_MODULE: the command's own default, like manage.py's.
    result = run([installed["venv"] / "bin" / "foraldrastod-admin", "check"],
                 **installed["options"])
    assert "System check identified no issues" in result.stdout


PROBE = """
import json, os, sys, sysconfig
import django
django.setup()
import bookings, parentsite, parentsite.cli, programs
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.utils import translation
with translation.override("sv"):
    bookings_sv = translation.gettext("Bookings")
print(json.dumps({
    "site_packages": sysconfig.get_paths()["purelib"],
    "sys_path": [os.path.abspath(entry) for entry in sys.path],
    "modules": [m.__file__ for m in (parentsite, parentsite.cli, programs, bookings)],
    "template": get_template("base.html").origin.name,
    "template_dirs": [str(d) for d in settings.TEMPLATES[0]["DIRS"]],
    "locale_paths": [str(p) for p in settings.LOCALE_PATHS],
    "static": finders.find("css/site.css"),
    "static_all": finders.find("css/site.css", find_all=True),
    "database": str(settings.DATABASES["default"]["NAME"]),
    "bookings_sv": bookings_sv,
}))
"""


def test_installed_code_templates_static_files_and_translations_come_from_the_environment(
    installed,
):
    env = {**installed["options"]["env"], "DJANGO_SETTINGS_MODULE": "parentsite.settings.dev"}
    result = run([installed["python"], "-c", PROBE], cwd=installed["options"]["cwd"], env=env)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    site_packages = Path(found["site_packages"]).resolve()
    assert site_packages.is_relative_to(installed["venv"].resolve())
    paths = [
        *found["modules"], found["template"], *found["template_dirs"], *found["locale_paths"],
        found["static"],
    ]
    for path in paths:
        assert Path(path).resolve().is_relative_to(site_packages), path
    assert not any(Path(entry).resolve().is_relative_to(REPO) for entry in found["sys_path"])
    assert len(found["static_all"]) == 1  # found once, not twice (app folder and STATICFILES_DIRS)
    assert found["bookings_sv"] == "Bokningar"  # the compiled catalogue came with the wheel
    assert Path(found["database"]).resolve().is_relative_to(installed["root"].resolve())


def test_installed_migrate_applies_every_migration(installed):
    admin = installed["venv"] / "bin" / "foraldrastod-admin"
    run([admin, "migrate", "--noinput"], **installed["options"])
    shown = run([admin, "showmigrations", "parentsite", "programs", "bookings"],
                **installed["options"]).stdout
    assert "[X] 0001_initial" in shown
    assert "[ ]" not in shown
    assert (installed["root"] / "db.sqlite3").is_file()


# --- Declared dependencies ---------------------------------------------------------------

def distribution(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement).group()
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_level_modules(folder: Path) -> dict[str, Path]:
    """Every absolute import's top-level module (also those inside functions) -> a file."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def undeclared(modules: dict[str, Path], declared: set[str]) -> list[str]:
    providers = importlib.metadata.packages_distributions()
    missing = []
    for module, path in sorted(modules.items()):
        if module in sys.stdlib_module_names or module in FIRST_PARTY or module == "__future__":
            continue
        dists = {distribution(dist) for dist in providers.get(module, [])}
        if not dists & declared:
            missing.append(f"{module} ({path.relative_to(REPO)}; from {sorted(dists) or '?'})")
    return missing


def test_every_third_party_module_the_code_uses_is_a_declared_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {distribution(requirement) for requirement in project["dependencies"]}
    test_extra = {
        distribution(requirement) for requirement in project["optional-dependencies"]["test"]
    }

    app_modules = {}
    for folder in APP_FOLDERS:
        app_modules.update(imported_top_level_modules(REPO / folder))
    settings_file = REPO / "site" / "settings" / "base.py"
    for app in settings.INSTALLED_APPS:
        app_modules.setdefault(app.split(".")[0], settings_file)
    assert undeclared(app_modules, runtime) == []

    assert undeclared(imported_top_level_modules(REPO / "tests"), runtime | test_extra) == []


def test_requirements_lock_pins_every_declared_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = {
        distribution(line)
        for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    assert sorted({distribution(requirement) for requirement in declared} - pinned) == []

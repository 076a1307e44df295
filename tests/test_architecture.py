"""The house's shape: the apps import one way, modules stay small, the engine hides no import.

The site (`parentsite`, folder site/) uses programs and bookings; program pages use the booking
engine; the engine uses neither. Migrations are left out: they are generated.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_FOLDERS = {"parentsite": "site", "programs": "programs", "bookings": "bookings"}
MAY_IMPORT = {"parentsite": {"programs", "bookings"}, "programs": {"bookings"}, "bookings": set()}
MAX_LINES = 300
# Packages whose modules must import everything at the top: the engine's services, its e-mail
# and its reads call each other, so an import inside a function would hide a circle.
TOP_LEVEL_IMPORTS_ONLY = ["bookings/services", "bookings/notifications", "bookings/selectors"]


def application_modules(root: Path, folder: str) -> list[Path]:
    return sorted(
        path for path in (root / folder).rglob("*.py") if "migrations" not in path.parts
    )


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function?) for every import in the file; a relative
    import's module starts with a dot."""
    tree = ast.parse(path.read_text(), filename=str(path))
    nested_lines = {
        node.lineno
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    found = []
    for node in ast.walk(tree):
        nested = getattr(node, "lineno", None) in nested_lines
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, nested) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(("." * node.level + (node.module or ""), node.lineno, nested))
    return found


def app_graph(root: Path, folders: dict[str, str]) -> dict[str, set[str]]:
    """Which of our apps each app imports, anywhere in its code."""
    graph: dict[str, set[str]] = {app: set() for app in folders}
    for app, folder in folders.items():
        for path in application_modules(root, folder):
            for module, _line, _nested in imports_of(path):
                target = module.split(".")[0]
                if target in folders and target != app:
                    graph[app].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle between apps, if there is any."""

    def visit(app: str, trail: list[str]) -> list[str] | None:
        if app in trail:
            return [*trail[trail.index(app) :], app]
        for target in sorted(graph[app]):
            cycle = visit(target, [*trail, app])
            if cycle:
                return cycle
        return None

    for app in sorted(graph):
        cycle = visit(app, [])
        if cycle:
            return cycle
    return None


def test_the_apps_import_one_way_only():
    graph = app_graph(ROOT, APP_FOLDERS)

    assert find_cycle(graph) is None
    for app, targets in graph.items():
        assert targets <= MAY_IMPORT[app], f"{app} imports {targets - MAY_IMPORT[app]}"


def test_the_check_finds_a_circle(tmp_path):
    """Control: a tree where the engine imports the site back is caught."""
    for folder, source in {
        "site": "from bookings.models import Booking\n",
        "programs": "",
        "bookings": "def f():\n    from parentsite.models import HomePage\n",
    }.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "module.py").write_text(source)

    graph = app_graph(tmp_path, APP_FOLDERS)

    assert graph["bookings"] == {"parentsite"}
    assert find_cycle(graph) in (
        ["bookings", "parentsite", "bookings"],
        ["parentsite", "bookings", "parentsite"],
    )


@pytest.mark.parametrize("folder", APP_FOLDERS.values())
def test_no_application_module_is_longer_than_300_lines(folder):
    long = {
        str(path.relative_to(ROOT)): length
        for path in application_modules(ROOT, folder)
        if (length := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize("package", TOP_LEVEL_IMPORTS_ONLY)
def test_the_engine_imports_its_own_code_at_the_top_of_each_module(package):
    hidden = [
        f"{path.relative_to(ROOT)}:{line} {module}"
        for path in application_modules(ROOT, package)
        for module, line, nested in imports_of(path)
        if nested and (module.startswith(".") or module.split(".")[0] in APP_FOLDERS)
    ]
    assert hidden == []

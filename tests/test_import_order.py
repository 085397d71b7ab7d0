"""Imports point one way (docs/architecture.md): lib ← core/accounts ← orgs ← documents ← plans ← reports
← newer apps; the project modules (settings, urls) sit above them all. Every module under trienkhai/ is
parsed with `ast`, imports inside functions included, and any import against that order fails here.

An app reaches another only through its doors (issue 18): the other app's `models`, `api`, `hooks`,
`contrib` or `sources` module (and `orgs.access`, the one shared scope helper), never a private name, and
never an app on its own layer. `lib`, `formats` and `core` are the shared kit, open to every app. A
`demo*.py` module, which builds the demo world on top of the ones below, may also use another app's
`demo`."""

from __future__ import annotations

import ast
from pathlib import Path

import trienkhai

ROOT = Path(trienkhai.__file__).resolve().parent

# Lower numbers are lower in the house; a module may import its own room and rooms with a lower number.
LAYERS = {
    "lib": 0,
    "formats": 0,
    "core": 1,
    "accounts": 1,
    "orgs": 2,
    "documents": 3,
    "plans": 4,
    "reports": 5,
    "issuing": 6,
    # Daily union work: side by side above reports, none importing another (their figures reach reports
    # through reports/sources.py, their pages link by URL name only). Members sits above issuing: the
    # upper union's decision recognising a new CĐCS's BCH and UBKT (Mẫu 7b) is drafted through its door.
    "members": 7,
    "concerns": 6,
    "legalaid": 6,
    "agreements": 6,
    "activities": 6,
    # Closing the year (issue 13): awards reads the evaluation grades through awards/grades.py only.
    "evaluations": 8,
    "awards": 9,
    # Inspections reads the member register (an officer or member inspected, a discipline record), so it
    # sits above members, beside evaluations (the two never import each other).
    "inspections": 8,
    # The plan's money (issue 25): spending records above reports (it freezes the period's spending with
    # a report) and issuing (it adds a finance section to the result report); inspections links to it by
    # URL name only.
    "finance": 7,
}
PROJECT = 99  # trienkhai/settings.py, urls.py, wsgi.py, __main__.py: the project gathers every room


def room_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "trienkhai":
        return None
    if len(parts) == 1:
        return "__project__"
    return parts[1] if (ROOT / parts[1]).is_dir() or parts[1] in LAYERS else "__project__"


def layer(room: str) -> int:
    if room == "__project__":
        return PROJECT
    assert room in LAYERS, f"trienkhai/{room}/ has no place in LAYERS (tests/test_import_order.py)"
    return LAYERS[room]


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, package: str | None = None) -> list[tuple[int, str, str | None]]:
    """(line, absolute module name, imported name or None) of every import in the file, relative ones
    resolved against its package; `from m import a, b` gives one entry per name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if package is None:
        package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    found: list[tuple[int, str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.extend((node.lineno, target, alias.name) for alias in node.names)
    return found


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file."""
    return sorted({(line, target) for line, target, _ in imported_names(path, package)})


def violations() -> list[str]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        own_room = room_of(module_name(path))
        for line, target in imported_modules(path):
            target_room = room_of(target)
            if target_room is None or target_room == own_room:
                continue
            if layer(target_room) > layer(own_room):
                out.append(
                    f"{path.relative_to(ROOT.parent)}:{line} ({own_room}) imports {target} ({target_room})"
                )
    return out


def test_imports_point_one_way() -> None:
    found = violations()
    assert not found, (
        "imports against the order lib ← core ← orgs ← documents ← plans ← reports:\n" + "\n".join(found)
    )


KIT = {"lib", "formats", "core"}  # the shared kit: every public module is open to every app
DOORS = {"models", "api", "hooks", "contrib", "sources"}
SHARED = {"trienkhai.orgs.access"}  # the one scope helper every app uses


def door_breaches(path: Path, package: str | None = None) -> list[str]:
    """Why each import of another app in `path` goes around that app's doors ("" list when none does)."""
    own_room = room_of(package + ".x" if package else module_name(path))
    is_demo = path.name.startswith("demo")
    out = []
    for line, target, name in imported_names(path, package):
        room = room_of(target)
        if room is None or room == own_room or room in KIT or room == "__project__":
            continue
        if own_room == "__project__" or "migrations" in path.parts:
            continue  # the project gathers every room; a migration names the models it moves
        parts = target.split(".")
        if len(parts) > 2:
            module = parts[2]
        elif name and ((ROOT / room / f"{name}.py").exists() or (ROOT / room / name).is_dir()):
            module = name  # `from trienkhai.reports import api`: the module itself
        else:
            module = "__init__"  # a name from the package's own namespace
        where = f"{path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path.name}:{line}"
        what = f"{target}{'.' + name if name else ''}"
        if module not in DOORS and target not in SHARED and not (is_demo and module == "demo"):
            out.append(f"{where} ({own_room}) imports {what}: `{module}` is not a door of {room}")
        elif name and name.startswith("_"):
            out.append(f"{where} ({own_room}) imports {what}: a private name of {room}")
        elif layer(room) == layer(own_room):
            out.append(f"{where} ({own_room}) imports {what}: {room} is on the same layer")
    return out


def test_other_apps_are_reached_only_through_their_doors() -> None:
    found = [breach for path in sorted(ROOT.rglob("*.py")) for breach in door_breaches(path)]
    assert not found, "imports that go around an app's doors (docs/architecture.md):\n" + "\n".join(found)


def test_the_door_check_names_the_line_of_each_kind_of_breach(tmp_path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "from trienkhai.core import uploads\n"  # the kit: open
        "from trienkhai.reports.api import board_rows\n"  # a door
        "from trienkhai.orgs.access import visible_units\n"  # the shared scope helper
        "def f():\n"
        "    from trienkhai.reports.rollup import figures\n"  # not a door, lazily
        "    from trienkhai.documents.api import _upsert\n"  # a private name
        "    from trienkhai.legalaid import models\n",  # a door, but legalaid is on issuing's layer
        encoding="utf-8",
    )
    found = door_breaches(sample, package="trienkhai.issuing")
    assert [line.split(" ", 1)[0] for line in found] == ["views.py:5", "views.py:6", "views.py:7"]
    assert "`rollup` is not a door of reports" in found[0]
    assert "private name" in found[1] and "same layer" in found[2]


def test_a_demo_module_may_build_on_the_demo_below(tmp_path) -> None:
    sample = tmp_path / "demo.py"
    sample.write_text(
        "from trienkhai.documents import demo\nfrom trienkhai.orgs.workflow import x\n", encoding="utf-8"
    )
    found = door_breaches(sample, package="trienkhai.plans")
    assert len(found) == 1 and "`workflow` is not a door of orgs" in found[0]


def test_the_check_sees_imports_inside_functions(tmp_path) -> None:
    # The rule must not be dodged by importing lazily inside a function.
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from ..reports.models import Submission\n", encoding="utf-8")
    assert imported_modules(sample, package="trienkhai.orgs") == [(2, "trienkhai.reports.models")]
    assert layer(room_of("trienkhai.reports.models")) > layer(room_of("trienkhai.orgs.views"))

"""Imports point one way (docs/architecture.md): lib ← core/accounts ← orgs ← documents ← plans ← reports
← newer apps; the project modules (settings, urls) sit above them all. Every module under trienkhai/ is
parsed with `ast`, imports inside functions included, and any import against that order fails here."""

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
    # through reports/sources.py, their pages link by URL name only).
    "members": 6,
    "concerns": 6,
    "legalaid": 6,
    "agreements": 6,
    "activities": 6,
    # Closing the year (issue 13): awards reads the evaluation grades through awards/grades.py only.
    "evaluations": 7,
    "awards": 8,
    "inspections": 7,
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


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved against its
    package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if package is None:
        package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


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


def test_the_check_sees_imports_inside_functions(tmp_path) -> None:
    # The rule must not be dodged by importing lazily inside a function.
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from ..reports.models import Submission\n", encoding="utf-8")
    assert imported_modules(sample, package="trienkhai.orgs") == [(2, "trienkhai.reports.models")]
    assert layer(room_of("trienkhai.reports.models")) > layer(room_of("trienkhai.orgs.views"))

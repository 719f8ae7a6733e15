"""The repository's layout holds: rooms import only the rooms below them (kinerja/__init__.py
lists the order), no import cycles, imports at the top except the heavy libraries, and nothing in
the repository reaches outside it."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kinerja", "ingestion", "expectations")
# What each room may import of the project (besides itself). Lower rooms first.
ALLOWED = {
    "kinerja.core": set(),
    "kinerja.warehouse": {"kinerja.core"},
    "ingestion": {"kinerja.core", "kinerja.warehouse"},
    "expectations": {"kinerja.core", "kinerja.warehouse", "ingestion"},
    "kinerja.build": {"kinerja.core", "kinerja.warehouse", "ingestion"},
    "kinerja.synth": {"kinerja.core"},
    "kinerja.stack": {"kinerja.core", "kinerja.warehouse"},
    "kinerja.access": {"kinerja.core", "kinerja.warehouse"},
    "kinerja.publish": {"kinerja.core", "kinerja.warehouse"},
    "kinerja.report": {"kinerja.core", "kinerja.warehouse", "kinerja.publish"},
    "kinerja.bi": {"kinerja.core", "kinerja.warehouse"},
    "kinerja.run": {
        "kinerja.core",
        "kinerja.warehouse",
        "ingestion",
        "expectations",
        "kinerja.build",
        "kinerja.stack",
        "kinerja.publish",
        "kinerja.report",
    },
    "kinerja.bench": {
        "kinerja.core",
        "kinerja.warehouse",
        "ingestion",
        "expectations",
        "kinerja.build",
        "kinerja.run",
        "kinerja.synth",
    },
    "kinerja.cli": {
        "kinerja.core",
        "kinerja.warehouse",
        "ingestion",
        "expectations",
        "kinerja.build",
        "kinerja.run",
        "kinerja.stack",
        "kinerja.synth",
        "kinerja.bench",
        "kinerja.access",
        "kinerja.publish",
        "kinerja.report",
        "kinerja.bi",
    },
}
# Imported inside functions on purpose: seconds to import, or needed by one path only.
HEAVY = {
    "airflow",
    "dbt",
    "great_expectations",
    "cosmos",
    "pgserver",
    "pandas",
    "sqlalchemy",
    "openpyxl",
    "matplotlib",
    "reportlab",
    "pypdfium2",
}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level) for every import of the file, relative ones resolved."""
    tree = ast.parse(path.read_text())
    top = {id(n) for n in tree.body} | {id(n) for s in tree.body if isinstance(s, ast.If) for n in s.body}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.append((base, id(node) in top))
    return out


def _room(module: str) -> str | None:
    for room in sorted(ALLOWED, key=len, reverse=True):
        if module == room or module.startswith(room + "."):
            return room
    return "kinerja" if module == "kinerja" else None


def test_rooms_import_only_rooms_below_them():
    wrong = []
    for name, path in _modules().items():
        room = _room(name)
        for imported, _ in _imports(name, path):
            target = _room(imported)
            if room and target and target != room and target != "kinerja" and target not in ALLOWED[room]:
                wrong.append(f"{name} imports {imported}")
    assert not wrong, wrong


def test_no_import_cycles():
    modules = _modules()
    graph = {name: {m for m, _ in _imports(name, path) if m in modules and m != name} for name, path in modules.items()}
    # a package's __init__ re-exporting its own modules is not a cycle of the design
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


def test_late_imports_are_only_the_heavy_libraries():
    late = [
        f"{name}: {imported}"
        for name, path in _modules().items()
        for imported, at_top in _imports(name, path)
        if not at_top and imported.split(".")[0] not in HEAVY
    ]
    assert not late, late


def test_nothing_reaches_outside_the_repository():
    found = subprocess.run(
        ["git", "grep", "-n", "-I", "-E", r"\.\./shared|shared/(examples|spec)", "--", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert found == "", found

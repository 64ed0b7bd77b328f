"""What code an output depends on, derived from the import graph (never a hand-kept list).

Every output (a processed table, a brief, a summary, the workbook, an analysis
notebook) is drawn by some entry modules: a stage's module, or the modules a
report notebook imports plus the worker that executes and renders it. The
code part of its fingerprint is the hash of every `ucj` module reachable from
those entries through ``import`` statements, at any depth (function-level and
``TYPE_CHECKING`` imports included: conservative, never stale), plus the data
files a module reads from the package (`PACKAGE_DATA`). Editing a module
therefore makes stale exactly the outputs whose drawing code reaches it.
"""

from __future__ import annotations

import ast
import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path

from ucj import paths

PACKAGE = "ucj"
PACKAGE_DATA = {  # module: folders under src/ucj/ whose files it reads at run time
    "ucj.reports.render": ("templates",),
}


@functools.lru_cache(maxsize=1)
def _modules_cached(package_dir: str) -> dict[str, Path]:
    root = Path(package_dir)
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = [PACKAGE, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def modules() -> dict[str, Path]:
    """Every module of the package: dotted name -> file (packages by their ``__init__.py``)."""
    return _modules_cached(str(paths.PACKAGE_DIR))


def _resolve(name: str, known: dict[str, Path]) -> set[str]:
    """The package modules an imported dotted name loads: the module and its parent packages."""
    out = set()
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        candidate = ".".join(parts[:i])
        if candidate in known:
            out.add(candidate)
    return out


def _statements(node: ast.AST) -> Iterator[ast.AST]:
    """Every statement under ``node``, at any depth (an import is always a statement: walking
    statements only skips the expressions, most of a module's nodes)."""
    for value in ast.iter_fields(node):
        items = value[1]
        if isinstance(items, list):
            for item in items:
                if isinstance(item, (ast.stmt, ast.excepthandler, ast.match_case)):
                    yield item
                    yield from _statements(item)


def imports_in_source(source: str, module: str = "", is_package: bool = False) -> set[str]:
    """Package modules imported anywhere in ``source`` (any depth, relative imports resolved)."""
    known = modules()
    found: set[str] = set()
    for node in _statements(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found |= _resolve(alias.name, known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found |= _resolve(base, known)
            for alias in node.names:  # `from ucj.brief import charts` loads the submodule
                found |= _resolve(f"{base}.{alias.name}", known)
    return {m for m in found if m == PACKAGE or m.startswith(PACKAGE + ".")}


@functools.lru_cache(maxsize=None)
def _direct_imports(module: str, mtime_ns: int) -> frozenset[str]:
    path = modules()[module]
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    saved = _saved_imports()
    if saved.get(module, ("", ()))[0] == digest:
        return frozenset(saved[module][1])
    found = imports_in_source(source.decode("utf-8"), module, path.name == "__init__.py")
    global _unsaved
    saved[module] = (digest, sorted(found))
    _unsaved = True
    return frozenset(found)


#: Whether `_saved_imports` holds entries this process found and has not written yet.
_unsaved = False


@functools.lru_cache(maxsize=1)
def _saved_imports() -> dict[str, tuple[str, list[str]]]:
    """The imports found in each module's source on an earlier run, by module: (sha256 of its
    source, imports). Parsing the package (``ast``) costs about 0.1 s a process, paid by every run
    and worker; an entry is used only for the same source bytes and the same set of package
    modules (a new module can turn an import into an edge), so it is never stale."""
    import json

    from ucj import catalog

    try:
        saved = json.loads(catalog.import_cache_path().read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("modules") != _modules_digest():
        return {}
    return {module: (entry[0], entry[1]) for module, entry in saved.get("imports", {}).items()}


def _modules_digest() -> str:
    return hashlib.sha256("\n".join(sorted(modules())).encode()).hexdigest()


def _save_imports() -> None:
    """Write the imports found in this process for the next ones (`_saved_imports`), if any are new;
    a cache that cannot be written is only a slower next run."""
    global _unsaved
    if not _unsaved:
        return
    import json

    from ucj import catalog
    from ucj.io import write_text_atomic

    _unsaved = False
    known = modules()
    entries = {m: list(entry) for m, entry in sorted(_saved_imports().items()) if m in known}
    try:
        write_text_atomic(
            catalog.import_cache_path(), json.dumps({"modules": _modules_digest(), "imports": entries})
        )
    except OSError:
        pass


def direct_imports(module: str) -> frozenset[str]:
    """The package modules ``module`` imports itself."""
    return _direct_imports(module, modules()[module].stat().st_mtime_ns)


def closure(entries: set[str] | list[str] | tuple[str, ...]) -> set[str]:
    """``entries`` and every package module reachable from them by imports."""
    known = modules()
    todo = [m for e in entries for m in _resolve(e, known)]
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(direct_imports(module) - seen)
    _save_imports()
    return seen


def notebook_imports(notebook: str) -> set[str]:
    """Package modules imported by the report notebook ``notebooks/<notebook>.py``."""
    source = (paths.NOTEBOOKS_DIR / f"{notebook}.py").read_text(encoding="utf-8")
    magics = ("%", "!")  # IPython magics and shell commands
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(magics)]
    return imports_in_source("\n".join(lines))


def code_files(entries: set[str] | list[str] | tuple[str, ...]) -> list[Path]:
    """Files of the code reachable from ``entries``, with the package data those modules read."""
    known = modules()
    reached = closure(entries)
    files = {known[m] for m in reached}
    for module, folders in PACKAGE_DATA.items():
        if module in reached:
            for folder in folders:
                files |= {f for f in (paths.PACKAGE_DIR / folder).rglob("*") if f.is_file()}
    return sorted(files)


def code_fingerprint(entries: set[str] | list[str] | tuple[str, ...]) -> str:
    """Hash of `code_files` (names relative to the package, and bytes)."""
    digest = hashlib.sha256()
    for f in code_files(entries):
        digest.update(f.relative_to(paths.PACKAGE_DIR).as_posix().encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (at any depth in its source), parent packages
    left out: importing ``ucj.a.b`` runs ``ucj/a/__init__.py``, an edge only if that ``__init__``
    itself imports something."""
    graph = {}
    for module in modules():
        imported = direct_imports(module) - {module}
        graph[module] = {
            d
            for d in imported
            if not any(o.startswith(d + ".") for o in imported) and not module.startswith(d + ".")
        }
    _save_imports()
    return graph


def import_cycles() -> list[list[str]]:
    """Every cycle in the import graph (function-level imports included), as sorted module lists."""
    graph = import_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def import_depth() -> int:
    """Modules on the longest chain of imports between package modules (a measure of layering;
    an edge closing a cycle is not followed)."""
    graph = import_graph()
    memo: dict[str, int] = {}

    def depth(module: str, path: frozenset[str]) -> int:
        if module in memo:
            return memo[module]
        children = [c for c in graph[module] if c not in path]
        memo[module] = 1 + max((depth(c, path | {module}) for c in children), default=0)
        return memo[module]

    return max(depth(m, frozenset()) for m in sorted(graph))

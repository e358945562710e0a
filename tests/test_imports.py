"""No import cycles in ``cms``, imports inside functions included; no devtools at import time.

Each module of the package is parsed with ``ast``; every ``import`` and
``from … import`` in it, at any depth (functions, methods, ``if`` blocks),
is an edge to the ``cms`` module it names (``from cms.search import index``
names ``cms.search.index``; ``from cms.search import get_backend`` names
``cms.search``). Importing a submodule runs its package's ``__init__``
first, but that is containment, not a dependency, and is not an edge.
A cycle in that graph is a design problem even when imports inside
functions keep Python from tripping over it: the modules cannot be read,
tested or replaced one at a time.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``root`` (migrations left out) by dotted name."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        if "migrations" in path.relative_to(root).parts:
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_names(path: Path, module: str, modules: set[str] = frozenset()) -> set[str]:
    """What each import statement anywhere in the file names, as dotted names.

    ``from package import name`` names ``package.name`` when that is one of
    ``modules``, else ``package``.
    """
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                names.add(submodule if submodule in modules else target)
    return names


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    modules = module_names(root, package)
    return {
        module: (imported_names(path, module, set(modules)) & set(modules)) - {module}
        for module, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cms_has_no_import_cycle():
    found = [sorted(cycle) for cycle in cycles(import_graph(ROOT, "cms"))]
    assert found == [], f"import cycles: {found}"


def test_a_cycle_hidden_inside_a_function_is_found(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "orders.py").write_text("from shop.mail import send\n")
    (package / "mail.py").write_text("def send():\n    from shop import tasks\n")
    (package / "tasks.py").write_text("from .orders import *\n")
    (package / "prices.py").write_text("from shop import orders\n")
    assert cycles(import_graph(tmp_path, "shop")) == [
        frozenset({"shop.orders", "shop.mail", "shop.tasks"})
    ]


def test_a_package_importing_its_own_submodules_is_no_cycle(tmp_path):
    package = tmp_path / "shop"
    (package / "backends").mkdir(parents=True)
    (package / "__init__.py").write_text("from shop.backends import pick\n")
    (package / "backends/__init__.py").write_text("def pick():\n    from . import local\n")
    (package / "backends/base.py").write_text("class Backend: ...\n")
    (package / "backends/local.py").write_text("from shop.backends.base import Backend\n")
    assert cycles(import_graph(tmp_path, "shop")) == []


def test_cms_never_imports_devtools_at_import_time():
    """devtools/ is not installed with the app: only ``cms.management.devtools`` reaches it."""
    for module, path in module_names(ROOT, "cms").items():
        named = imported_names(path, module)
        assert not [name for name in named if name.split(".")[0] == "devtools"], module

"""Dependencies point one way (DESIGN.md): the core app may import the other
apps; providers, tenders and reablement never import the core's domain code,
and import each other only as tenders -> providers and reablement -> providers.
They may use commissioning.common and commissioning.roles (the foundation)."""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
ALLOWED = {
    "providers": {"providers"},
    "tenders": {"tenders", "providers"},
    "reablement": {"reablement", "providers"},
}
FOUNDATION = (
    "commissioning.common",
    "commissioning.roles",
    "commissioning.testing",
    "commissioning.celery",
)


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_what_the_design_allows(app):
    offending = []
    for path in (BASE_DIR / app).rglob("*.py"):
        for module in _imports(path):
            top = module.split(".")[0]
            if top == "commissioning":
                if not module.startswith(FOUNDATION):
                    offending.append(f"{path.relative_to(BASE_DIR)} imports {module}")
            elif top in {"providers", "tenders", "reablement"} and top not in ALLOWED[app]:
                offending.append(f"{path.relative_to(BASE_DIR)} imports {module}")
    assert not offending, "\n".join(offending)

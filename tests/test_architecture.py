"""The shape of the code: features import only the features below them, and the shared
core imports no feature. A new feature takes its place in LAYERS."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "learning"

# Each feature may import the features listed before it, never those after it.
LAYERS = [
    "company",
    "auth",
    "courses",
    "familiarity",
    "progress",
    "conduct",
    "exercises",
    "hr",
    "advocacy",
    "sharing",
    "analytics",
    "badges",
    "programme",
    "privacy",
]
# Shared by every feature; they import none.
CORE = [
    "api",
    "config",
    "content",
    "content_yaml",
    "database",
    "errors",
    "extensions",
    "health",
    "levels",
    "locales",
    "mail",
    "markdown",
    "networks",
    "panels",
    "placeholders",
    "roles",
    "security",
    "signals",
    "spreadsheets",
    "transaction",
]
# The wiring at the top may import anything.
WIRING = {"__init__", "cli", "content_sync", "demo"}


def imported_learning_modules(path: Path) -> set[str]:
    """The `learning.<name>` top-level parts a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "learning" and len(parts) > 1:
                names.add(parts[1])
    return names


def modules_of(name: str) -> list[Path]:
    target = PACKAGE / name
    return sorted(target.rglob("*.py")) if target.is_dir() else [PACKAGE / f"{name}.py"]


def test_every_module_is_placed():
    placed = set(LAYERS) | set(CORE) | WIRING
    present = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    assert present - placed == set(), "place every new module in LAYERS or CORE"


@pytest.mark.parametrize("feature", LAYERS)
def test_a_feature_imports_only_the_features_below_it(feature):
    below = set(LAYERS[: LAYERS.index(feature)])
    for path in modules_of(feature):
        upward = imported_learning_modules(path) & (set(LAYERS) - below - {feature})
        assert upward == set(), f"{path.relative_to(PACKAGE)} imports {sorted(upward)}"


@pytest.mark.parametrize("module", CORE)
def test_the_shared_core_imports_no_feature(module):
    for path in modules_of(module):
        features = imported_learning_modules(path) & set(LAYERS)
        assert features == set(), f"{path.relative_to(PACKAGE)} imports {sorted(features)}"


def test_no_module_is_much_over_four_hundred_lines():
    long = {
        str(path.relative_to(PACKAGE)): length
        for path in PACKAGE.rglob("*.py")
        if (length := len(path.read_text().splitlines())) > 420
    }
    assert long == {}

"""Architecture rules that keep the analysis a pure library and the command line fast to start."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
ANALYSIS = ROOT / "assembly" / "analysis"
CLI = ROOT / "assembly" / "cli"

# The analysis may use these third-party packages and nothing else: the core dependencies. (DEVELOPERS.md
# allows scikit-learn too; the analysis does not need it, so it is only a test dependency.)
ANALYSIS_ALLOWED_THIRD_PARTY = {"numpy", "scipy"}


def _imports(path: pathlib.Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(ANALYSIS.rglob("*.py")), ids=lambda p: p.name)
def test_analysis_imports_only_numpy_scipy_and_itself(path: pathlib.Path) -> None:
    """Check that assembly.analysis imports no Django: nothing but numpy and scipy, its core dependencies."""
    import sys

    third_party = {
        name
        for name in _imports(path)
        if name not in sys.stdlib_module_names and name not in ("assembly", "__future__")
    }
    assert third_party <= ANALYSIS_ALLOWED_THIRD_PARTY, f"{path.name} imports {third_party}"


@pytest.mark.parametrize("path", sorted(ANALYSIS.rglob("*.py")), ids=lambda p: p.name)
def test_analysis_uses_only_analysis_modules_of_assembly(path: pathlib.Path) -> None:
    """Check that assembly.analysis depends on no other part of Assembly (dependencies flow inwards)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("assembly"):
            assert node.module.startswith("assembly.analysis"), f"{path.name} imports {node.module}"


@pytest.mark.parametrize(
    "path", sorted(p for p in CLI.glob("*.py") if p.name != "__init__.py"), ids=lambda p: p.name
)
def test_cli_modules_import_only_the_standard_library_at_module_level(path: pathlib.Path) -> None:
    """Check that command modules defer heavy imports (numpy, Django, WeasyPrint) to run()."""
    import sys

    heavy = {
        name
        for name in _imports(path, top_level_only=True)
        if name not in sys.stdlib_module_names and name not in ("assembly", "__future__")
    }
    assert not heavy, f"{path.name} imports {heavy} at module level"


def test_vote_values_are_defined_once() -> None:
    """Check that the agree = +1 convention is written in one place only: assembly.analysis.types."""
    offenders = []
    for path in (ROOT / "assembly").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"(?<![A-Z_])AGREE\s*=\s*1\b", text) and path.name != "types.py":
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []

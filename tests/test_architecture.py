"""Architecture rules: the layers of the package, the analysis a pure library, the command line fast
to start."""

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

PACKAGE = ROOT / "assembly"
# Every top-level module and package of assembly/, lowest layer first. A part may import from its own
# layer and the layers below, never from a layer above (so no app imports the project package,
# assembly.config), and parts of one layer import each other without cycles. assembly/__init__.py
# describes the same table.
LAYERS: list[tuple[str, ...]] = [
    ("analysis",),  # the pure analysis: numpy and scipy only
    ("errors", "disclosure", "languages"),  # the exceptions; the disclosure rule for small groups
    ("dataset",),  # the in-memory consultation record
    ("polis", "simulate", "marginals"),  # pol.is files in and out; synthetic consultations
    # suggested themes without a model; the optional model's client and checker; translation providers,
    # language detection and the translations file
    ("assist", "language_model", "translation"),
    ("charts",),  # SVG charts
    ("report",),  # the report (HTML, PDF, Markdown)
    ("http",),  # HTTP helpers shared by the apps and the settings (the first part that uses Django)
    ("accounts", "ratelimit"),  # Django apps, from here up
    ("consultations",),
    ("moderation", "branding"),
    ("results",),
    ("assistant",),  # the optional language model's drafts, built on the results
    ("api",),  # the JSON API over the apps
    ("config",),  # the project: settings, URLs, serving
    ("cli", "__main__"),  # the `assembly` command
]
LAYER_OF = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def _parts() -> set[str]:
    """The top-level modules and packages of assembly/ (folders without __init__.py hold data)."""
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    return modules | packages


def _part_of(path: pathlib.Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _assembly_imports(path: pathlib.Path) -> list[tuple[int, str]]:
    """(line, top-level part) of every import of another part of assembly in ``path``, wherever it is
    written: at module level, in a function or under ``if TYPE_CHECKING``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "assembly":  # from assembly import http (__version__ is no part)
                modules = [f"assembly.{a.name}" for a in node.names if not a.name.startswith("__")]
        else:
            continue
        found += [(node.lineno, m.split(".")[1]) for m in modules if m.startswith("assembly.")]
    return found


def _part_imports() -> dict[str, set[str]]:
    """Part -> the other parts it imports."""
    graph: dict[str, set[str]] = {part: set() for part in _parts()}
    for path in PACKAGE.rglob("*.py"):
        if path.parent == PACKAGE and path.name == "__init__.py":
            continue
        part = _part_of(path)
        graph[part] |= {imported for _, imported in _assembly_imports(path) if imported != part}
    return graph


def test_every_part_of_the_package_is_in_exactly_one_layer() -> None:
    """Check that the layer table names each top-level module and package of assembly/ once."""
    listed = [part for parts in LAYERS for part in parts]
    assert sorted(listed) == sorted(set(listed)), "a part is in two layers"
    assert set(listed) == _parts()


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py"),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_module_imports_from_a_higher_layer(path: pathlib.Path) -> None:
    """Check that dependencies flow downwards: a module imports only its own layer and those below."""
    part = _part_of(path)
    upward = [
        f"line {line}: assembly.{imported} (layer {LAYER_OF[imported]})"
        for line, imported in _assembly_imports(path)
        if LAYER_OF.get(imported, len(LAYERS)) > LAYER_OF[part]
    ]
    assert upward == [], f"{path.relative_to(ROOT)} (layer {LAYER_OF[part]}, {part}) imports {upward}"


def test_parts_of_one_layer_import_each_other_without_cycles() -> None:
    """Check that no two parts depend on each other, directly or through others (e.g. two apps)."""
    graph = _part_imports()
    done: set[str] = set()

    def visit(part: str, path: tuple[str, ...]) -> None:
        if part in path:
            raise AssertionError("import cycle: " + " -> ".join((*path[path.index(part) :], part)))
        if part in done:
            return
        for imported in sorted(graph.get(part, ())):
            visit(imported, (*path, part))
        done.add(part)

    for part in sorted(graph):
        visit(part, ())


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

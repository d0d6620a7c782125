"""The package reads as the pipeline: every package in its layer, no import from a lower layer to
a higher one, no import cycle between modules, no module over 300 lines, no function with more
than 8 parameters, a docstring for every package. Read from the source (imports inside functions
count too), nothing is imported."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "minutes_gen"
# from the ground up; a package may import its own layer and those below it
LAYERS = [
    {"errors", "vn", "__init__"},
    {"storage", "sources"},
    {"model"},
    {"documents"},
    {"engine"},
    {"lint", "mail", "signing", "outputs"},
    {"register"},
    {"runs"},
    {"web"},
    {"office"},
    {"cli"},
    {"entry", "__main__"},
]
MAX_LINES, MAX_PARAMETERS = 300, 8


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The package's modules ``name`` imports (``from a.b import c`` names a.b.c when it is a module)."""
    taken = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            taken.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            taken.update(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                         for alias in node.names)
    return {module for module in taken if module in known and module != name}


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    return next(index for index, packages in enumerate(LAYERS) if top in packages)


def test_every_package_has_a_layer_and_no_import_runs_up():
    modules = _modules()
    upward = [f"{name} -> {target}" for name, (_, tree) in modules.items()
              for target in _imports(name, tree, set(modules)) if _layer(target) > _layer(name)]
    assert upward == []


def test_no_import_cycle_between_modules():
    modules = _modules()
    graph = {name: _imports(name, tree, set(modules)) - {n for n in modules if name.startswith(n + ".")}
             for name, (_, tree) in modules.items()}  # a module's own package face is no cycle
    state, cycles = {}, []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target] if target in path else [node, target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_modules_are_small_and_functions_take_few_parameters():
    too_long, too_many = [], []
    for name, (path, tree) in _modules().items():
        if path.read_text(encoding="utf-8").count("\n") > MAX_LINES:
            too_long.append(name)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                count = len([a for a in arguments if a.arg not in ("self", "cls")])
                if count > MAX_PARAMETERS:
                    too_many.append(f"{name}.{node.name} ({count})")
    assert too_long == [] and too_many == []


def test_every_package_says_its_job():
    missing = [name for name, (path, tree) in _modules().items()
               if path.name == "__init__.py" and not ast.get_docstring(tree)]
    assert missing == []

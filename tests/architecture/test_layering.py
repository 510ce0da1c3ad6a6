"""The architecture is enforced, not hoped for: apps depend one way (import-linter's contracts in
.importlinter), no project module is imported inside a function to dodge a cycle, and no module
reaches into another's private names."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "profiles", "applicants", "matching", "shortlist", "outreach", "serving", "accounts_data")

# Function-local imports of our own modules that are there on purpose: (module, function) and
# why. None today. (AppConfig.ready needs no entry: it is where apps subscribe to catalogue
# events, and the modules it imports load models, which Django forbids before it is called.)
ALLOWED_LOCAL_IMPORTS: dict[tuple[str, str], str] = {}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path, ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _is_project(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in APPS
    return any(alias.name.split(".")[0] in APPS for alias in node.names)


def _function_local_imports(tree: ast.Module):
    """(function name, import node) for every import inside a function body."""
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield func.name, node


def test_the_layering_contracts_hold():
    # The same check `make test` runs first, here so a plain pytest run sees it too.
    status = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True)
    assert status == EXIT_STATUS_SUCCESS


def test_no_project_module_is_imported_inside_a_function():
    offenders = []
    for path, module in _modules():
        for func_name, node in _function_local_imports(ast.parse(path.read_text())):
            if not _is_project(node):
                continue
            if path.name == "apps.py" and func_name == "ready":
                continue  # subscriptions to catalogue events, made once the registry is ready
            if (module, func_name) in ALLOWED_LOCAL_IMPORTS:
                continue
            offenders.append(f"{module}:{node.lineno} in {func_name}()")
    assert offenders == [], "Import these at the top of the module (fix the cycle instead):\n" + "\n".join(offenders)


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for path, module in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and _is_project(node):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if private:
                    offenders.append(f"{module}:{node.lineno} imports {', '.join(private)}")
    assert offenders == []


@pytest.mark.parametrize("app", ["applicants", "matching"])
def test_app_packages_import_no_models_at_package_level(app):
    # Django imports each app package before the models are ready: an __init__ that re-exports
    # anything touching models breaks start-up.
    tree = ast.parse((ROOT / app / "__init__.py").read_text())
    assert not [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]


def test_capture_importers_are_pure():
    # Importers turn text into dataclasses: no Django (settings, ORM, templates) and none of the
    # app's other modules, so they stay fast, fuzzable and usable from any layer.
    offenders = []
    for path in sorted((ROOT / "profiles" / "importers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue  # relative imports stay inside the importers package
            bad = [n for n in names if n.split(".")[0] == "django" or
                   (n.split(".")[0] in APPS and not n.startswith("profiles.importers"))]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in bad]
    assert offenders == [], "\n".join(offenders)

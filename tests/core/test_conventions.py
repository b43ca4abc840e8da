"""Conventions the code keeps (docs/architecture.md): every public service and selector
parameter is typed, and no app builds its own transition machinery beside
``apps.core.workflow``."""

import ast
from pathlib import Path

from django.conf import settings

APPS = Path(settings.BASE_DIR) / "apps"


def _layer_modules(*names: str) -> list[Path]:
    return [
        path
        for path in sorted(APPS.rglob("*.py"))
        if "migrations" not in path.parts and any(n in path.as_posix() for n in names)
    ]


def _untyped_parameters(path: Path) -> list[str]:
    found = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            found += [
                f"{path.relative_to(APPS)}:{node.lineno} {node.name}({arg.arg})"
                for arg in arguments
                if arg.annotation is None
            ]
    return found


def test_every_public_service_and_selector_parameter_is_typed():
    untyped = [
        p for path in _layer_modules("services", "selectors") for p in _untyped_parameters(path)
    ]

    assert untyped == []


def test_no_app_defines_its_own_set_state():
    defined = [
        f"{path.relative_to(APPS)}:{node.lineno}"
        for path in _layer_modules("")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name in {"_set_state", "_set_list_status"}
    ]

    assert defined == []

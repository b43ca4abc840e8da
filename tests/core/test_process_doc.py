"""docs/process.md is how the next engineer finds a rule: every test it names exists,
and every addition that can stop a user names its switch (or why it has none)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "process.md"
NODE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]]*\])?`")


def _rows() -> list[list[str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if line.startswith("| ") and len(cells) == 6 and re.fullmatch(r"[A-Z]\d+", cells[0]):
            rows.append(cells)
    return rows


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_every_test_the_rule_table_names_exists():
    missing = []
    names: dict[str, set[str]] = {}
    for cells in _rows():
        for path, name in NODE.findall(cells[5]):
            if path not in names:
                file = ROOT / path
                names[path] = _test_names(file) if file.exists() else set()
            if name not in names[path]:
                missing.append(f"{cells[0]}: {path}::{name}")

    assert len(_rows()) > 100
    assert missing == []


def test_row_ids_are_unique():
    ids = [cells[0] for cells in _rows()]

    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_constraining_addition_names_its_switch():
    unswitched = [
        cells[0]
        for cells in _rows()
        if "addition" in cells[4]
        and "constrains: yes" in cells[4]
        and "switch: none yet" in cells[4]
    ]

    assert unswitched == []

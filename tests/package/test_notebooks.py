"""Notebooks are stored without outputs: the build executes them, so what a reader sees
is always fresh, and diffs stay readable."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "docs").rglob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4  # quickstart and one hands-on notebook per chapter


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name + "/" + p.name)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, f"{path.name} has no code"
    with_output = [i for i, cell in enumerate(code) if cell.outputs or cell.execution_count]
    assert not with_output, f"{path.name}: code cells {with_output} carry outputs; clear them"
    assert code[0].source.startswith("%matplotlib inline"), "first code cell: %matplotlib inline"

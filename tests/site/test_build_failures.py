"""Each kind of breakage fails the strict build with a message that names the file.

A tiny throwaway site inherits the real mkdocs.yml (theme, plugins, hooks, Markdown
extensions, validation) and contains exactly one broken thing per test.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, build_site


def make_site(tmp_path: Path, files: dict[str, str], nav: list[str]) -> Path:
    docs = tmp_path / "docs"
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'docs' / 'overrides'}\n"
        f"hooks:\n  - {ROOT / 'docs' / 'hooks' / 'shortcodes.py'}\n"
        f"nav: {json.dumps(nav)}\n",
        encoding="utf-8",
    )
    return config


def build(tmp_path: Path, files: dict[str, str], nav: list[str]):
    config = make_site(tmp_path, files, nav)
    return build_site(tmp_path / "site", "--config-file", str(config))


def test_a_good_tiny_site_builds(tmp_path):
    result = build(tmp_path, {"index.md": "# Fine\n\n[Self](index.md)\n"}, ["index.md"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"index.md": '# T\n\n{{ figure("no_such_figure") }}\n'}, ["index.md", "no_such_figure"]),
        ({"index.md": '# T\n\n{{ clip("no_such_clip") }}\n'}, ["index.md", "no_such_clip"]),
        ({"index.md": "# T\n\n[gone](missing.md)\n"}, ["index.md", "missing.md"]),
        ({"index.md": "# T\n\n[gone](#nowhere)\n"}, ["index.md", "nowhere"]),
        (
            {"index.md": '# T\n\n```python\n--8<-- "src/audioml/no_such_file.py"\n```\n'},
            ["no_such_file.py"],
        ),
    ],
    ids=["unknown-figure", "unknown-clip", "broken-link", "missing-anchor", "missing-snippet"],
)
def test_breakage_fails_the_build_and_names_it(tmp_path, files, expected):
    result = build(tmp_path, files, ["index.md"])
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for word in expected:
        assert word in output, f"{word!r} not named in:\n{output}"


def test_a_failing_notebook_cell_fails_the_build(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Broken"]},
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": ["raise RuntimeError('this cell is broken on purpose')"],
            },
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    files = {"index.md": "# T\n", "broken.ipynb": json.dumps(notebook)}
    result = build(tmp_path, files, ["index.md", "broken.ipynb"])
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "this cell is broken on purpose" in output
    assert "broken.ipynb" in output

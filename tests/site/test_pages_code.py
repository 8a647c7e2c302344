"""Every Python code block on every page runs, page by page, in a fresh namespace.

Blocks of one page share a namespace in page order, as a reader running them in turn
would. Blocks that import torch, torchaudio, auraloss, torchmetrics or pyloudnorm run under
`make crosscheck` instead (tests/crosscheck/), so `make test` needs no torch.
"""

from __future__ import annotations

import pytest

from pagecode import Block, pages_with_python, python_blocks, run_blocks

PAGES = pages_with_python()


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_code_blocks_run(page, tmp_path):
    blocks = [b for b in PAGES[page] if not b.needs_torch]
    if not blocks:  # only torch blocks on this page: they run under make crosscheck
        return
    run_blocks(blocks, tmp_path)


def test_the_extractor_finds_indented_blocks_and_skips_snippets(tmp_path, monkeypatch):
    import pagecode

    docs = tmp_path / "docs"
    docs.mkdir()
    page = docs / "page.md"
    page.write_text(
        "# Title\n\n```python\nx = 1\n```\n\n"
        '=== "tab"\n\n    ```python title="t.py"\n    y = x + 1\n    ```\n\n'
        '```python\n--8<-- "src/audioml/signals.py:1:5"\n```\n\n'
        "```bash\nmake test\n```\n\n````py\nz = 3\n````\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(pagecode, "DOCS", docs)
    blocks = python_blocks(page)
    assert [b.code for b in blocks] == ["x = 1", "y = x + 1", "z = 3"]
    assert [b.line for b in blocks] == [3, 9, 21]


def test_a_failing_block_fails_with_the_page_and_line(tmp_path):
    blocks = [Block("broken.md", 12, "1 / 0")]
    with pytest.raises(
        pytest.fail.Exception, match=r"docs/broken\.md, block at line 12 raised ZeroDivisionError"
    ):
        run_blocks(blocks, tmp_path)


def test_some_pages_have_code():
    assert "index.md" in PAGES


def test_no_page_runs_code_no_environment_can_run():
    """torchaudio and torchmetrics are installed neither by make test nor by make crosscheck
    (their wheels need a different torch build), so a block using them could never be run:
    describe those libraries in prose instead."""
    import re

    unrunnable = re.compile(r"^\s*(import|from)\s+(torchaudio|torchmetrics)\b", re.M)
    offenders = [
        f"docs/{block.page}:{block.line}"
        for blocks in PAGES.values()
        for block in blocks
        if unrunnable.search(block.code)
    ]
    assert not offenders, f"code blocks that no test environment can run: {offenders}"

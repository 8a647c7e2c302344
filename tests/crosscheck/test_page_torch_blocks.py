"""Page code blocks that import torch, auraloss, transformers, pyloudnorm or datasets,
executed under `make crosscheck`.

`make test` runs every other Python block on the site (tests/site/test_pages_code.py); these
need torch, which `make test` does not install.
"""

from __future__ import annotations

import pytest

from pagecode import pages_with_python, run_blocks

PAGES = {
    page: blocks
    for page, blocks in pages_with_python().items()
    if any(block.needs_torch for block in blocks)
}


@pytest.mark.parametrize("page", sorted(PAGES) or ["(no page has torch blocks)"])
def test_torch_blocks_run(page, tmp_path):
    if page not in PAGES:
        pytest.fail("no page has torch or auraloss code blocks; remove this test or add them")
    run_blocks(PAGES[page], tmp_path)  # a page's blocks share one namespace, in order

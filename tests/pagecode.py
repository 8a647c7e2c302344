"""Find and run the Python code blocks of the site's Markdown pages.

A block is a fenced code block whose info string starts with `python` or `py`, at any
indentation (content tabs and admonitions indent them). Blocks that include package
source with `--8<--` are skipped: that code is tested where it lives, in `src/`.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
TORCH = re.compile(
    r"^\s*(import|from)\s+(torch|torchaudio|auraloss|torchmetrics|transformers|pyloudnorm|datasets)\b",
    re.M,
)


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    code: str

    @property
    def needs_torch(self) -> bool:
        return bool(TORCH.search(self.code))


def python_blocks(path: Path) -> list[Block]:
    """The Python blocks of one page, in order, dedented."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        language = info.split()[0].lstrip("{.").rstrip("}") if info else ""
        body, j = [], i + 1
        while j < len(lines):
            closing = lines[j].strip()
            if closing.startswith(fence[0] * len(fence)) and set(closing) == {fence[0]}:
                break
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
            j += 1
        code = textwrap.dedent("\n".join(body))
        if language in {"python", "py"} and "--8<--" not in code:
            blocks.append(Block(str(path.relative_to(DOCS)), i + 1, code))
        i = j + 1
    return blocks


def pages_with_python() -> dict[str, list[Block]]:
    """Every page under docs/ that has at least one Python block."""
    found = {}
    for path in sorted(DOCS.rglob("*.md")):
        if any(part in {"overrides", "includes", "hooks", "media"} for part in path.parts):
            continue
        blocks = python_blocks(path)
        if blocks:
            found[str(path.relative_to(DOCS))] = blocks
    return found


def run_blocks(blocks: list[Block], workdir) -> None:
    namespace: dict = {"__name__": "__page__"}
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        for block in blocks:
            code = compile(block.code, f"docs/{block.page}:{block.line}", "exec")
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    exec(code, namespace)
                except Exception as exc:
                    pytest.fail(
                        f"docs/{block.page}, block at line {block.line} raised "
                        f"{type(exc).__name__}: {exc}\n{textwrap.indent(block.code, '    ')}"
                    )
    finally:
        os.chdir(cwd)
        plt.close("all")

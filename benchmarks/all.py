"""`make bench`: every benchmark in one run, then `benchmarks/MEASURED.md`.

Steps, in order (each streams its own progress):

1. `benchmarks/run.py --write`: phase reconstruction and the STFT against librosa
   (`docs/generated/phase_benchmark.md`);
2. `benchmarks/resamplers.py --write`: passband, aliasing and speed of the resamplers
   (`docs/generated/resamplers.md`);
3. `benchmarks/budgets.py`: a clean site build, a `--dirty` rebuild, librosa time ratios,
   page weights;
4. `python -m audioml.models.bench`: the enhancement models on the held-out grid
   (`docs/generated/models_table.md`, `models_scores.json`).

A step that fails does not stop the others; at the end one line per failed step names it
and its exit status, and the exit status is 1. `benchmarks/MEASURED.md` is written from
the steps that succeeded, with the machine and the date: the README points to it instead of
repeating numbers by hand.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "docs" / "generated"
MEASURED = ROOT / "benchmarks" / "MEASURED.md"


def steps(budgets: Path) -> list[tuple[str, list[str]]]:
    py = sys.executable
    models_out = ["--out", str(GENERATED / "models_table.md")]
    models_out += ["--json", str(GENERATED / "models_scores.json")]
    return [
        ("phase reconstruction vs librosa", [py, "benchmarks/run.py", "--write"]),
        ("resamplers", [py, "benchmarks/resamplers.py", "--write"]),
        ("site build and budgets", [py, "benchmarks/budgets.py", "--out", str(budgets)]),
        ("enhancement models", [py, "-m", "audioml.models.bench", *models_out]),
    ]


def summary_table(path: Path) -> str:
    """The first Markdown table of a generated file (its summary), without comments."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return "\n".join(lines[start:end])


def measured(budgets: Path, ok: set[str], seconds: dict[str, float]) -> str:
    today = datetime.date.today().isoformat()
    parts = [
        "<!-- Written by `make bench` (benchmarks/all.py); do not edit by hand. -->",
        "# Measured",
        "",
        f"`make bench` on {today}: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. Each step's wall time: "
        + ", ".join(f"{name} {s:.0f} s" for name, s in seconds.items())
        + ". Timings on a shared VM move by tens of percent between runs; ratios measured "
        "in the same run are the meaningful numbers.",
    ]
    if "site build and budgets" in ok:
        parts += ["", "## Site build and reference functions", "", budgets.read_text().strip()]
    if "phase reconstruction vs librosa" in ok:
        parts += ["", "## Phase reconstruction against librosa", "",
                  summary_table(GENERATED / "phase_benchmark.md"),
                  "", "Full table: `docs/generated/phase_benchmark.md`."]  # fmt: skip
    if "resamplers" in ok:
        parts += ["", "## Resamplers", "", summary_table(GENERATED / "resamplers.md")]
    if "enhancement models" in ok:
        parts += ["", "## Enhancement models (mean SI-SDR improvement over the test grid)", "",
                  summary_table(GENERATED / "models_table.md"),
                  "", "Per noise and SNR, with spread and STOI: "
                  "`docs/generated/models_table.md`."]  # fmt: skip
    missing = [name for name, _ in steps(budgets) if name not in ok]
    if missing:
        parts += ["", f"Not measured in this run (the step failed): {', '.join(missing)}."]
    return "\n".join(parts) + "\n"


def main() -> int:
    failed: list[str] = []
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        budgets = Path(folder) / "budgets.md"
        for name, command in steps(budgets):
            print(f"\n== {name} ==", flush=True)
            start = time.perf_counter()
            status = subprocess.run(command, cwd=ROOT, check=False).returncode
            seconds[name] = time.perf_counter() - start
            if status != 0:
                failed.append(f"bench: step '{name}' failed (exit {status}); its output is above")
        ok = {name for name, _ in steps(budgets)} - {f.split("'")[1] for f in failed}
        MEASURED.write_text(measured(budgets, ok, seconds), encoding="utf-8")
    print(f"\nwrote {MEASURED.relative_to(ROOT)}")
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

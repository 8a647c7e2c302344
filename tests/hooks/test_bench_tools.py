"""`make bench` fails readably: one line per failed step, exit 1, the rest still measured."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str):
    sys.path.insert(0, str(BENCH))  # the benchmark scripts import each other by name
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


def test_a_failing_build_step_is_one_line_naming_the_command():
    budgets = _load("budgets")
    command = (sys.executable, "-c", "import sys; print('warning'); sys.exit('boom: no site')")
    with pytest.raises(budgets.StepFailed) as caught:
        budgets.run(*command)
    message = str(caught.value)
    assert "\n" not in message
    assert "exited 1" in message
    assert message.endswith("boom: no site")


def test_a_successful_step_returns_its_wall_time():
    budgets = _load("budgets")
    assert 0.0 < budgets.run(sys.executable, "-c", "pass") < 60.0


def test_a_failed_step_leaves_the_others_and_exits_1(tmp_path, monkeypatch, capsys):
    bench = _load("all")
    table = tmp_path / "generated.md"
    table.write_text("<!-- generated -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nmore\n")
    monkeypatch.setattr(bench, "MEASURED", tmp_path / "MEASURED.md")
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    monkeypatch.setattr(bench, "GENERATED", tmp_path)
    for name in ("phase_benchmark", "resamplers", "models_table"):
        (tmp_path / f"{name}.md").write_text(table.read_text())

    def steps(budgets):
        budgets.write_text("| measurement | value |\n|---|---|\n| build | 1 s |\n")
        ok = [sys.executable, "-c", "pass"]
        return [
            ("phase reconstruction vs librosa", ok),
            ("resamplers", [sys.executable, "-c", "raise SystemExit(3)"]),
            ("site build and budgets", ok),
            ("enhancement models", ok),
        ]

    monkeypatch.setattr(bench, "steps", steps)
    assert bench.main() == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors == ["bench: step 'resamplers' failed (exit 3); its output is above"]
    text = (tmp_path / "MEASURED.md").read_text()
    assert "| build | 1 s |" in text  # the budgets table of the step that ran
    assert text.count("| 1 | 2 |") == 2  # phase and models summaries, not the resamplers
    assert "Not measured in this run (the step failed): resamplers." in text
    assert "more" not in text  # only the summary table of each generated file

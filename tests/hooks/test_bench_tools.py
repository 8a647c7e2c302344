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


def _lhr(url: str, performance: float, tbt: float) -> dict:
    scores = {"performance": performance, "accessibility": 1, "best-practices": 1, "seo": 0.92}
    return {
        "requestedUrl": url,
        "categories": {name: {"score": value} for name, value in scores.items()},
        "audits": {
            "total-blocking-time": {"numericValue": tbt},
            "largest-contentful-paint": {"numericValue": 1500.0},
            "total-byte-weight": {"numericValue": 2048.0},
        },
    }


def test_audit_summary_reports_the_median_run_per_page(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location(
        "audit_summary", BENCH.parent / "scripts" / "audit_summary.py"
    )
    summary = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(summary)
    import json

    for i, (perf, tbt) in enumerate([(0.80, 300.0), (0.95, 50.0), (0.90, 120.0)]):
        lhr = _lhr("http://localhost:1234/hearing/loudness/index.html", perf, tbt)
        (tmp_path / f"lhr-{i}.json").write_text(json.dumps(lhr))
    (tmp_path / "lhr-9.json").write_text(json.dumps(_lhr("http://localhost:1/index.html", 1, 0)))
    assert summary.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| `/hearing/loudness/` | 90 | 100 | 100 | 92 | 120 ms | 1.50 s | 2 KiB | 3 |" in out
    assert "| `/` | 100 |" in out
    assert summary.main([str(tmp_path / "empty")]) == 1

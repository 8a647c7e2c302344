"""Every command line of the package answers bad arguments with one readable line.

`python -m audioml.figures`, `python -m audioml.media`, `python -m audioml.settings`,
`python -m audioml.models.bench` and `python -m audioml.models.train`: each is run once as
a user runs it (a subprocess, the project's interpreter: the entry point works and prints
no traceback); the other cases call its `main()` in this process, with the same argument
list, output streams and exit status (a new interpreter costs 1-3 s). A usage error exits
with 2, an unwritable output with 1, each with exactly one line on stderr that starts with
the program's name and says what was wrong, and no traceback. None of these runs writes a
file or renders anything: every mistake is caught before the work starts.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CLIS = [
    "audioml.figures",
    "audioml.media",
    "audioml.settings",
    "audioml.models.bench",
    "audioml.models.train",
]


def run(module: str, *args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    """`python -m module args` run as `main(args)` in this process, from the folder `cwd`."""
    here = Path.cwd()
    os.chdir(cwd)
    try:
        return run_main(module, *args)
    finally:
        os.chdir(here)


def run_process(module: str, *args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    """`python -m module args` in a new interpreter, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess, module: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"python -m {module}: error: "), lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("module", CLIS)
def test_an_unknown_option_is_one_line_and_exit_2(module):
    result = run_process(module, "--no-such-option")
    assert result.returncode == 2
    line = one_error_line(result, module)
    assert "--no-such-option" in line
    assert "(see --help)" in line
    assert result.stdout == ""


@pytest.mark.parametrize("module", ["audioml.figures", "audioml.media"])
def test_an_unknown_name_is_one_line_listing_the_valid_ones(module):
    result = run(module, "--only", "no_such_entry")
    assert result.returncode == 2
    line = one_error_line(result, module)
    assert "'no_such_entry'" in line
    assert "valid names:" in line


@pytest.mark.parametrize("module", ["audioml.figures", "audioml.media"])
def test_only_without_a_name_is_a_usage_error(module):
    result = run(module, "--only")
    assert result.returncode == 2
    assert "expected at least one argument" in one_error_line(result, module)


@pytest.mark.parametrize("module", ["audioml.figures", "audioml.media"])
def test_without_out_is_one_line_and_exit_2_and_writes_nothing(module, tmp_path):
    """The package does not guess where the site keeps its files: `--out` is asked for."""
    result = run(module, cwd=tmp_path)
    assert result.returncode == 2
    assert "--out FOLDER is required" in one_error_line(result, module)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("module", "args"),
    [
        ("audioml.figures", ["--only", "mel_filter_bank", "--out"]),
        ("audioml.media", ["--only", "speech_fox_male", "--out"]),
        ("audioml.settings", ["--out"]),
    ],
)
def test_an_unwritable_output_is_one_line_and_exit_1(module, args, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "inside" / ("table.md" if module == "audioml.settings" else "")
    result = run(module, *args, str(out))
    assert result.returncode == 1
    line = one_error_line(result, module)
    assert "cannot write" in line
    assert str(blocker) in line
    assert list(tmp_path.iterdir()) == [blocker]  # nothing written


# ---------------------------------------------------------------- numbers and outputs (issue 14)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--snr-db", "100"], "argument --snr-db: snr_db must be in [-30, 60]; got 100.0"),
        (["--snr-db", "nan"], "argument --snr-db: snr_db must be finite; got nan"),
        (["--snr-db=-inf"], "argument --snr-db: snr_db must be finite; got -inf"),
        (["--snr-db", "-31"], "argument --snr-db: snr_db must be in [-30, 60]; got -31.0"),
        (["--snr-db", "loud"], "argument --snr-db: invalid float value: 'loud'"),
        (["--seed", "-1"], "argument --seed: seed must be an integer >= 0; got -1"),
        (["--seed", "1.5"], "argument --seed: invalid int value: '1.5'"),
        (["--n-fft", "32"], "argument --n-fft: n_fft must be an integer in [64, 8192]; got 32"),
        (["--n-fft", "1e9"], "argument --n-fft: invalid int value: '1e9'"),
        (["--hop-length", "0"], "argument --hop-length: hop_length must be an integer >= 1"),
        (
            ["--n-fft", "128", "--hop-length", "65"],
            "argument --hop-length: hop_length must be an integer >= 1 and <= n_fft // 2 = 64; "
            "got 65",
        ),
    ],
)
def test_settings_bad_numbers_are_one_line_and_exit_2_before_running(args, expected, tmp_path):
    out = tmp_path / "table.md"
    result = run("audioml.settings", *args, "--out", str(out))
    assert result.returncode == 2
    line = one_error_line(result, "audioml.settings")
    assert expected in line
    assert line.endswith("(see --help)")
    assert result.stdout == ""
    assert not out.exists()  # refused before the run and before touching --out


def test_settings_numeric_options_are_documented():
    result = run("audioml.settings", "--help")
    assert result.returncode == 0
    for option, default in (("--snr-db", "5.0"), ("--seed", "0"), ("--n-fft", "1024")):
        assert option in result.stdout
        assert f"(default: {default})" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("module", "args", "make"),
    [
        ("audioml.settings", [], "folder"),  # --out names a folder, not a file
        ("audioml.figures", ["--only", "mel_filter_bank"], "file"),  # a file, not a folder
        ("audioml.media", ["--only", "speech_fox_male"], "file"),
    ],
)
def test_an_output_of_the_wrong_kind_is_one_line_and_exit_1(module, args, make, tmp_path):
    out = tmp_path / "taken"
    if make == "folder":
        out.mkdir()
    else:
        out.write_text("a file", encoding="utf-8")
    result = run(module, *args, "--out", str(out))
    assert result.returncode == 1
    line = one_error_line(result, module)
    assert "cannot write" in line
    assert str(out) in line
    assert sorted(tmp_path.iterdir()) == [out]
    assert out.is_dir() if make == "folder" else out.read_text(encoding="utf-8") == "a file"


def test_help_still_prints_the_usage():
    result = run("audioml.figures", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m audioml.figures")


# ---------------------------------------------------------------- the models' two CLIs
# Both check every argument before the minutes of work (and before torch is imported, so
# these run without torch); the training runs themselves are in tests/crosscheck. Most
# cases call main() in this process (a new interpreter costs 2-4 s on a loaded machine).


def run_main(module: str, *args: str) -> subprocess.CompletedProcess:
    """`main(args)` of a CLI module in-process, as a CompletedProcess (exit status, output)."""
    main = importlib.import_module(module).main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
    return subprocess.CompletedProcess([module, *args], code, out.getvalue(), err.getvalue())


def test_bench_without_out_is_a_usage_error():
    result = run_main("audioml.models.bench")
    assert result.returncode == 2
    assert "--out FILE is required" in one_error_line(result, "audioml.models.bench")
    assert result.stdout == ""


@pytest.mark.parametrize("module", ["audioml.models.bench", "audioml.models.train"])
def test_a_folder_without_a_manifest_is_no_corpus(module, tmp_path):
    args = ["--out", str(tmp_path / "t.md")] if module.endswith("bench") else []
    args += ["--out", str(tmp_path / "w")] if module.endswith("train") else []
    result = run_main(module, *args, "--corpus", str(tmp_path))
    assert result.returncode == 2
    line = one_error_line(result, module)
    assert f"--corpus {tmp_path} is not a corpus folder (no manifest.csv)" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["--out", "--json"])
def test_bench_refuses_an_unwritable_output_before_running(option, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    outputs = {"--out": str(tmp_path / "t.md"), "--json": str(tmp_path / "s.json")}
    outputs[option] = str(blocker / "inside" / "x")
    result = run_main("audioml.models.bench", *(a for kv in outputs.items() for a in kv))
    assert result.returncode == 1
    line = one_error_line(result, "audioml.models.bench")
    assert f"cannot write {blocker / 'inside' / 'x'}" in line
    assert list(tmp_path.iterdir()) == [blocker]  # the other output was not left behind


def _main_without(module: str, missing: str, *args: str) -> subprocess.CompletedProcess:
    """Run a CLI's main() with one package made unimportable (as on a machine without it)."""
    code = (
        "import sys\n"
        "class Absent:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] == {missing!r}:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Absent())\n"
        f"from {module} import main\n"
        f"raise SystemExit(main({list(args)!r}))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
def test_bench_without_pystoi_says_which_group_to_install(tmp_path):
    result = _main_without("audioml.models.bench", "pystoi", "--out", str(tmp_path / "t.md"))
    assert result.returncode == 1
    line = one_error_line(result, "audioml.models.bench")
    assert "pystoi is not installed" in line
    assert "--group bench" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--steps", "0"], "argument --steps: must be a whole number >= 1; got '0'"),
        (["--steps", "many"], "argument --steps: must be a whole number >= 1; got 'many'"),
        (["--only", "unet"], "argument --only: invalid choice: 'unet'"),
        (["--only"], "argument --only: expected one argument"),
    ],
)
def test_train_usage_errors_are_one_line(args, expected):
    result = run_main("audioml.models.train", *args)
    assert result.returncode == 2
    assert expected in one_error_line(result, "audioml.models.train")
    assert result.stdout == ""


@pytest.mark.slow
def test_train_without_torch_says_which_group_to_install(tmp_path):
    result = _main_without("audioml.models.train", "torch", "--only", "gru", "--out", str(tmp_path))
    assert result.returncode == 1
    line = one_error_line(result, "audioml.models.train")
    assert "torch is not installed" in line
    assert "--group train" in line
    assert list(tmp_path.iterdir()) == []


def test_train_refuses_an_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_main("audioml.models.train", "--only", "ridge", "--out", str(blocker / "w"))
    assert result.returncode == 1
    assert f"cannot write to {blocker / 'w'}" in one_error_line(result, "audioml.models.train")
    assert list(tmp_path.iterdir()) == [blocker]

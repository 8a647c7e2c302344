"""The API reference states each parameter's own type and default.

The reference pages are rendered from the numpydoc docstrings by mkdocstrings, whose
parser (griffe) gives every name of a grouped entry (`n_fft, hop_length : int`) the type
and default of the first name found: `hop_length` showed `1024` and `window` showed `int`.
So a group is allowed only when its names share type and default; this parses every
docstring with the same parser and compares each documented default and type with the
signature's.
"""

from __future__ import annotations

from pathlib import Path

import griffe
import pytest

ROOT = Path(__file__).resolve().parents[2]


def documented_callables() -> list:
    package = griffe.load("audioml", search_paths=[ROOT / "src"], docstring_parser="numpy")
    found, stack = [], [package]
    while stack:
        obj = stack.pop()
        for member in obj.members.values():
            if member.is_alias or member.name.startswith("_"):
                continue
            if member.is_module or member.is_class:
                stack.append(member)
            if (member.is_function or member.is_class) and member.docstring:
                found.append(member)
    return found


CALLABLES = documented_callables()


def unquoted(value) -> str:
    """A default as text, with either kind of quotes (`{"a", "b"}` gives "a", code 'a')."""
    return str(value).replace('"', "'")


def test_the_package_was_read():
    names = {obj.path for obj in CALLABLES}
    assert {"audioml.spectral.istft", "audioml.losses.spectral.stft_loss"} <= names
    assert len(names) > 60


@pytest.mark.parametrize("obj", CALLABLES, ids=lambda obj: obj.path)
def test_each_documented_parameter_has_its_own_default_and_type(obj):
    signature = {p.name: p for p in obj.parameters} if obj.is_function else {}
    if obj.is_class:
        init = obj.members.get("__init__")
        signature = {p.name: p for p in init.parameters} if init is not None else {}
    wrong = []
    for section in obj.docstring.parsed:
        if section.kind is not griffe.DocstringSectionKind.parameters:
            continue
        for documented in section.value:
            actual = signature.get(documented.name)
            if actual is None:
                continue  # a dataclass field documented as a parameter: no __init__ here
            if unquoted(documented.value) != unquoted(actual.default):
                wrong.append(f"{documented.name}: default {documented.value} != {actual.default}")
        # a group shares one parsed type: its names must have the same type in the signature
        groups: dict[int, set[str]] = {}
        for documented in section.value:
            actual = signature.get(documented.name)
            if actual is not None and documented.annotation is not None:
                groups.setdefault(id(documented.annotation), set()).add(str(actual.annotation))
        wrong += [
            f"one documented type for {sorted(types)}"
            for types in groups.values()
            if len(types) > 1
        ]
    assert not wrong, f"{obj.path}: " + "; ".join(wrong)

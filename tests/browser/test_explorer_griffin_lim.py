"""The Griffin-Lim explorer on architectures/phase-reconstruction/, operated with the keyboard.

Headless Chromium loads the built page, focuses the slider, presses ArrowRight and End,
and checks that exactly one state is shown, that it is the right iteration count, that
its figure and player are the right files, and that the output text states that
iteration's spectral convergence (the same number as the figure's caption, which the
package computes). No console errors allowed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from audioml.figures import REGISTRY as FIGURES
from audioml.media.architectures import EXPLORER_ITERATIONS

PAGE = "architectures/phase-reconstruction/"

VISIBLE = """
() => {
  const shown = [...document.querySelectorAll(".griffin-lim-explorer-state")]
    .filter((state) => !state.hidden && state.offsetParent !== null)
  return shown.map((state) => ({
    iterations: state.dataset.iterations,
    img: state.querySelector("img").getAttribute("src"),
    audio: state.querySelector("audio").getAttribute("src"),
  }))
}
"""


def sc_from_caption(k: int) -> str:
    caption = FIGURES.get(f"gl_explorer_{k:02d}").caption
    return re.search(r"spectral convergence (-?[0-9.]+) dB", caption).group(1)


@pytest.fixture
def explorer(built_site, server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.goto(f"{server}/{PAGE}", wait_until="networkidle")
    yield page, errors
    context.close()


def state_of(page) -> dict:
    shown = page.evaluate(VISIBLE)
    assert len(shown) == 1, f"exactly one explorer state must be visible; got {shown}"
    output = page.locator("#griffin-lim-explorer-output").inner_text()
    return {**shown[0], "output": output}


def assert_shows(page, k: int) -> None:
    state = state_of(page)
    assert state["iterations"] == str(k)
    assert state["img"].endswith(f"figs/gl_explorer_{k:02d}.png")
    assert state["audio"].endswith(f"media/gl_explorer_{k:02d}.flac")
    assert f"{sc_from_caption(k)} dB" in state["output"]
    assert (f"{k} iteration" if k else "0 iterations") in state["output"]
    slider = page.locator("#griffin-lim-explorer-slider")
    assert slider.get_attribute("aria-valuetext") == state["output"]


def test_keyboard_walks_through_every_iteration(explorer):
    page, errors = explorer
    slider = page.locator("#griffin-lim-explorer-slider")
    # shown by the page's deferred script; under load that can come after the check would
    # otherwise run, so wait for it (5 s at most)
    expect(slider, "the slider is shown once the script runs").to_be_visible()
    label = page.locator("label[for=griffin-lim-explorer-slider]")
    assert label.inner_text() == "Griffin-Lim iterations"
    assert_shows(page, 0)

    slider.focus()
    for k in EXPLORER_ITERATIONS[1:]:
        page.keyboard.press("ArrowRight")
        assert_shows(page, k)
    page.keyboard.press("Home")
    assert_shows(page, 0)
    page.keyboard.press("End")
    assert_shows(page, EXPLORER_ITERATIONS[-1])
    page.keyboard.press("ArrowLeft")
    assert_shows(page, EXPLORER_ITERATIONS[-2])
    status = page.locator(".griffin-lim-explorer-status").inner_text()
    assert status.startswith(f"Showing {EXPLORER_ITERATIONS[-2]} iterations")
    assert not errors, errors


def test_switching_pauses_the_hidden_player(explorer):
    page, errors = explorer
    slider = page.locator("#griffin-lim-explorer-slider")
    slider.focus()
    page.keyboard.press("End")
    # looped, so that only the explorer can pause it (a clip could end by itself under load)
    playing = page.evaluate(
        """async () => { const a = document.querySelector('[data-iterations="128"] audio');
                         a.muted = true; a.loop = true; await a.play(); return !a.paused }"""
    )
    assert playing, "the 128-iteration player did not start"
    page.keyboard.press("ArrowLeft")
    paused = page.evaluate("() => document.querySelector('[data-iterations=\"128\"] audio').paused")
    assert paused, "the player of a hidden state must be paused"
    assert_shows(page, 64)
    assert not errors, errors

"""The loudness explorer on hearing/loudness/: keyboard-operable, swaps figure, audio and text.

The page renders all four figure + clip pairs; the script shows the chosen one. Operated
with the keyboard only (Tab to the radio group, arrow keys), each choice must show exactly
one figure and one player -- the right ones -- and announce the choice, with no console
error.
"""

from __future__ import annotations

import pytest

URL = "hearing/loudness/"
LEVELS = ("20", "40", "60", "80")


@pytest.fixture
def page(server, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.goto(f"{server}/{URL}", wait_until="networkidle")
    page.errors = errors
    yield page
    page.close()


def visible_state(page) -> dict:
    return page.evaluate(
        """() => {
      const root = document.querySelector("#loudness-explorer")
      const shown = [...root.querySelectorAll(".loudness-explorer-state")]
        .filter((s) => s.offsetParent !== null)
      return {
        phon: shown.map((s) => s.dataset.phon),
        images: shown.flatMap((s) => [...s.querySelectorAll("img")].map((i) => i.src)),
        audios: shown.flatMap((s) => [...s.querySelectorAll("audio")].map((a) => a.src)),
        captions: shown.map((s) => s.querySelector(".audioml-figure figcaption").textContent),
        checked: root.querySelector("input[type=radio]:checked").value,
        status: root.querySelector(".loudness-explorer-status").textContent,
        controlsShown: root.querySelector(".loudness-explorer-controls").offsetParent !== null,
      }
    }"""
    )


def assert_shows(state: dict, phon: str) -> None:
    assert state["phon"] == [phon]
    assert state["checked"] == phon
    assert len(state["images"]) == 1
    assert state["images"][0].endswith(f"/figs/loudness_explorer_{phon}phon.svg")
    assert len(state["audios"]) == 1
    assert state["audios"][0].endswith(f"/media/tones_equal_loudness_{phon}phon.flac")
    assert f"The {phon}-phon contour" in state["captions"][0]


def test_explorer_starts_at_60_phon_with_one_figure_and_player(page):
    state = visible_state(page)
    assert state["controlsShown"]
    assert_shows(state, "60")
    assert page.errors == []


def test_explorer_is_operated_with_the_keyboard(page):
    # Focus the checked radio button the way a keyboard user would reach it.
    page.focus("#loudness-explorer input[value='60']")
    assert page.evaluate("() => document.activeElement.value") == "60"
    page.keyboard.press("ArrowRight")  # 60 -> 80
    state = visible_state(page)
    assert_shows(state, "80")
    assert state["status"] == "Showing the 80-phon contour and its tones."
    page.keyboard.press("ArrowRight")  # wraps to 20
    assert_shows(visible_state(page), "20")
    page.keyboard.press("ArrowRight")  # 20 -> 40
    assert_shows(visible_state(page), "40")
    page.keyboard.press("ArrowLeft")  # back to 20
    assert_shows(visible_state(page), "20")
    assert page.errors == []


def test_hidden_player_stops_when_the_choice_changes(page):
    # looped, so that only the explorer can pause it: under load, a clip left to play on
    # its own could end (and so pause) before the next check
    playing = page.evaluate(
        """async () => {
      const audio = document.querySelector("[data-phon='60'] audio")
      audio.muted = true
      audio.loop = true
      await audio.play()
      return !audio.paused
    }"""
    )
    assert playing, "the 60-phon player did not start"
    page.focus("#loudness-explorer input[value='60']")
    page.keyboard.press("ArrowLeft")  # 60 -> 40
    assert_shows(visible_state(page), "40")
    assert page.evaluate("() => document.querySelector(\"[data-phon='60'] audio\").paused")
    assert page.errors == []

"""Accessibility beyond what axe-core checks automatically (tests/browser/test_browser.py).

axe checks that an image *has* alt text; these tests
check that it says something, that every audio player carries a visible label saying
what it plays, and that a keyboard alone reaches and works both explorers (the loudness
explorer's radio buttons, the Griffin-Lim explorer's slider).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import site_pages

NBCONVERT_DEFAULT_ALT = "No description has been provided for this image"


class _Article(HTMLParser):
    """Images and audio players inside a page's <article>, with their context."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside <article>
        self.images: list[dict] = []
        self.players: list[dict] = []
        self.figures: list[dict] = []  # open <figure>s: {"caption": str}
        self.in_caption = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag == "figure":
            self.figures.append({"caption": ""})
        elif tag == "figcaption":
            self.in_caption = True
        elif tag == "img":
            self.images.append(attributes)
        elif tag == "audio":
            caption = self.figures[-1]["caption"] if self.figures else ""
            self.players.append({**attributes, "caption": caption.strip()})

    def handle_endtag(self, tag) -> None:
        if tag == "article":
            self.depth -= 1
        elif tag == "figcaption":
            self.in_caption = False
        elif tag == "figure" and self.figures:
            self.figures.pop()

    def handle_data(self, data) -> None:
        if self.in_caption and self.figures:
            self.figures[-1]["caption"] += data


def parse_article(html: str) -> _Article:
    parser = _Article()
    parser.feed(html)
    return parser


def test_every_image_has_meaningful_alt_text(built_site):
    problems = []
    images = 0
    for page in site_pages(built_site):
        for image in parse_article((built_site / page / "index.html").read_text()).images:
            images += 1
            alt = (image.get("alt") or "").strip()
            stem = re.sub(r"\.\w+$", "", image.get("src", "").rsplit("/", 1)[-1])
            if len(alt) < 20 or alt == NBCONVERT_DEFAULT_ALT or alt.lower() == stem.lower():
                problems.append(f"/{page}: {image.get('src', '')[:80]} alt={alt!r}")
    assert images > 30, "the site shows more than 30 figures"
    assert not problems, "images without a meaningful description:\n" + "\n".join(problems)


def test_every_audio_player_has_a_visible_label(built_site):
    problems = []
    players = 0
    for page in site_pages(built_site):
        for player in parse_article((built_site / page / "index.html").read_text()).players:
            players += 1
            label = (player.get("aria-label") or "").strip()
            if len(player["caption"]) < 5 or len(label) < 5:
                source = player.get("src", "")[:80]
                problems.append(f"/{page}: {source} caption={player['caption']!r} label={label!r}")
    assert players > 30, "the site plays more than 30 clips"
    assert not problems, "audio players without a visible label:\n" + "\n".join(problems)


def test_unlabelled_media_are_detected():
    """The parser finds a bare player and a default-alt image (so the tests above can fail)."""
    article = parse_article(
        f'<article><img src="a.png" alt="{NBCONVERT_DEFAULT_ALT}">'
        '<audio src="a.flac"></audio>'
        '<figure><figcaption>Speech</figcaption><audio src="b.flac" aria-label="Speech">'
        "</audio></figure></article>"
    )
    assert article.images[0]["alt"] == NBCONVERT_DEFAULT_ALT
    assert [p["caption"] for p in article.players] == ["", "Speech"]


# --- keyboard: Tab reaches each explorer's control; arrow keys work it --------------

ACTIVE = (
    "() => document.activeElement && document.activeElement.id + '|' + "
    "(document.activeElement.name || '') + '|' + document.activeElement.type"
)


def tab_to(page, wanted: str, limit: int = 400) -> int:
    """Press Tab until the focused element's `id|name|type` contains `wanted`."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if wanted in (page.evaluate(ACTIVE) or ""):
            return presses
    raise AssertionError(f"{limit} Tab presses never reached {wanted!r}")


def visible_states(page, selector: str, key: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, f"els => els.filter(e => !e.hidden).map(e => e.dataset.{key})"
    )


@pytest.fixture
def keyboard_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_keyboard_works_the_loudness_explorer(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server}/hearing/loudness/", wait_until="networkidle")
    state = ".loudness-explorer-state"
    assert visible_states(page, state, "phon") == ["60"]
    tab_to(page, "loudness-explorer-phon|radio")
    page.keyboard.press("ArrowRight")  # next radio in the group: 80 phon
    assert visible_states(page, state, "phon") == ["80"]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert visible_states(page, state, "phon") == ["40"]
    status = page.text_content(".loudness-explorer-status")
    assert "40-phon" in status, status
    # Tab leaves the radio group for the shown tones' player (hidden states are skipped)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, "
        "document.activeElement.closest('.loudness-explorer-state')?.dataset.phon]"
    )
    assert focused == ["AUDIO", "40"], focused


def test_keyboard_works_the_griffin_lim_explorer(keyboard_page, server):
    page = keyboard_page
    page.goto(f"{server}/architectures/phase-reconstruction/", wait_until="networkidle")
    state = ".griffin-lim-explorer-state"
    assert visible_states(page, state, "iterations") == ["0"]
    tab_to(page, "griffin-lim-explorer-slider")
    page.keyboard.press("ArrowRight")
    assert visible_states(page, state, "iterations") == ["1"]
    page.keyboard.press("End")
    assert visible_states(page, state, "iterations") == ["128"]
    output = page.text_content("#griffin-lim-explorer-output")
    assert "128" in output, output

"""Headless Chromium opens every page of the built site, served on 127.0.0.1.

For every page it asserts: no request to any other origin, no console error or uncaught
exception, every diagram shown as inline SVG (in the light and the dark scheme), every
formula rendered by KaTeX, every image loaded with alt text, every audio player loaded
with a duration > 0, no block that skips rendering until scrolled near (`data-below-
fold`, docs/hooks/offscreen.py) on the first screen, and no page wider than a phone's
screen. A full-page screenshot of each page (light) and of its first screen (dark) is
saved under test-reports/screenshots/ (git-ignored) for a person to look at, and the
bytes a first visit transfers in test-reports/pages.json.

Chromium comes from Debian (`/usr/bin/chromium`; `.ci/run` installs it). A missing
browser fails this module; it is never skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import site_pages

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-reports" / "screenshots"


def mermaid_rendered(page: Page) -> tuple[int, int]:
    """(diagrams on the page, diagrams shown): `figure.diagram` with an inline SVG that is
    visible, has a non-zero size and shows its labels' text (pre-rendered, no mermaid.js)."""
    shown = page.evaluate(
        """() => [...document.querySelectorAll("figure.diagram")].map((figure) => {
          const svg = figure.querySelector(":scope > svg")
          if (!svg || getComputedStyle(svg).visibility === "hidden") return false
          const box = svg.getBoundingClientRect()
          const labels = [...svg.querySelectorAll(".nodeLabel")]
            .filter((label) => label.textContent.trim() && label.getBoundingClientRect().width > 0)
          return box.width > 0 && box.height > 0 && labels.length > 0
        })"""
    )
    return len(shown), sum(shown)


AUDIO_DURATIONS = """
async () => Promise.all([...document.querySelectorAll("audio")].map((audio) =>
  audio.readyState >= 1 ? audio.duration : new Promise((resolve) => {
    audio.addEventListener("loadedmetadata", () => resolve(audio.duration), { once: true })
    audio.addEventListener("error", () => resolve(-1), { once: true })
    audio.preload = "metadata"  // players load nothing until played; fetch the header
    audio.load()
  })))
"""

# Images hidden by a widget (display: none) are not loaded by the browser; the link
# check proves their files exist. Shown images must have loaded.
IMAGES = """
async () => {
  const images = [...document.querySelectorAll("article img")]
  for (const img of images) {
    if (img.offsetParent !== null) {
      img.loading = "eager"
      await img.decode().catch(() => null)
    }
  }
  return images.map((img) => ({
    src: img.getAttribute("src"), alt: img.getAttribute("alt"),
    loaded: img.offsetParent === null || (img.complete && img.naturalWidth > 0) }))
}
"""

# Bytes a first visit transfers, audio excluded (players load clips on demand).
PAGE_WEIGHT = """
() => {
  const navigation = performance.getEntriesByType("navigation")[0]
  const resources = performance.getEntriesByType("resource")
    .filter((r) => !/\\.(flac|wav|mp3|ogg)$/.test(r.name))
  return (navigation ? navigation.transferSize : 0) +
    resources.reduce((sum, r) => sum + (r.transferSize || r.encodedBodySize || 0), 0)
}
"""

MATH = """
() => ({ formulas: document.querySelectorAll(".arithmatex").length,
         rendered: document.querySelectorAll(".arithmatex .katex").length,
         errors: document.querySelectorAll(".katex-error").length })
"""


# The top of the first block marked to render only when scrolled near (in the layout of
# this window's width), and the window's height.
FIRST_BELOW_FOLD = """
() => {
  const mark = matchMedia("(max-width: 44.9375em)").matches ? "phone" : "wide"
  const block = document.querySelector(`[data-below-fold~="${mark}"]`)
  return [block ? block.getBoundingClientRect().top + scrollY : null, innerHeight]
}
"""
RENDER_EVERYTHING = "[data-below-fold] { content-visibility: visible !important }"
PHONE = {"width": 412, "height": 915}


def check_page(page: Page, url: str, origin: str, where: str) -> tuple[list[str], tuple]:
    """Load one page; return its problems and (diagrams, formulas, players) rendered."""
    offsite: list[str] = []
    console: list[str] = []

    def on_request(request) -> None:
        if request.url.startswith(("http", "ws")) and not request.url.startswith(origin):
            offsite.append(request.url)

    def on_console(message) -> None:
        if message.type == "error":
            console.append(message.text)

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))
    page.goto(url, wait_until="load")  # nothing loads later by itself (search: on demand)
    page.evaluate("() => document.fonts.ready")

    problems = []
    hosts, rendered = mermaid_rendered(page)
    if hosts != rendered:
        problems.append(f"{where}: {rendered} of {hosts} diagrams shown")
    math = page.evaluate(MATH)
    if math["formulas"] != math["rendered"] or math["errors"]:
        problems.append(
            f"{where}: KaTeX rendered {math['rendered']} of {math['formulas']} formulas, "
            f"{math['errors']} errors"
        )
    for image in page.evaluate(IMAGES):
        if not image["alt"] or not image["loaded"]:
            problems.append(
                f"{where}: image {image['src']} alt={image['alt']!r} loaded={image['loaded']}"
            )
    durations = page.evaluate(AUDIO_DURATIONS)
    weight = page.evaluate(PAGE_WEIGHT)
    for index, duration in enumerate(durations):
        if not duration or duration <= 0:
            problems.append(f"{where}: audio #{index} did not load (duration {duration})")
    top, screen = page.evaluate(FIRST_BELOW_FOLD)
    if top is not None and top < screen:
        problems.append(
            f"{where}: a data-below-fold block starts on the first screen (y = {top:.0f})"
        )
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)  # the phone layout, without loading the page again
    top, screen = page.evaluate(FIRST_BELOW_FOLD)
    if top is not None and top < screen:
        problems.append(
            f"{where}: a phone's first screen has a data-below-fold block (y = {top:.0f})"
        )
    page.add_style_tag(content=RENDER_EVERYTHING)
    wide = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    if wide > 0:
        problems.append(f"{where}: {wide} px wider than a phone's screen (scrolls sideways)")
    page.set_viewport_size(desktop)
    problems += [f"{where}: request to another origin: {url}" for url in offsite]
    problems += [f"{where}: console: {text}" for text in console]
    return problems, (rendered, math["rendered"], len(durations), weight)


SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"


def test_every_page_loads_cleanly(built_site, server, browser):
    """Each page is loaded once in the light scheme, checked and photographed, then switched
    to dark the way a reader's system switches (prefers-color-scheme), checked for its
    diagrams again and photographed."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    seen: dict[str, tuple] = {}  # page -> (diagrams, formulas, players, bytes)
    try:
        for rel in site_pages(built_site):
            page = context.new_page()
            found, seen[rel] = check_page(page, f"{server}/{rel}", server, f"/{rel}")
            problems += found
            name = rel.strip("/").replace("/", "__") or "home"
            # (check_page rendered the blocks that wait to be scrolled near: a full-page
            # screenshot does not scroll)
            page.screenshot(path=SHOTS / f"{name}--light.jpg", full_page=True, quality=85)
            assert page.evaluate(SCHEME) == "default", f"/{rel} did not start light"
            page.emulate_media(color_scheme="dark")
            page.wait_for_function(f"() => ({SCHEME})() === 'slate'", timeout=5000)
            hosts, rendered = mermaid_rendered(page)
            if hosts != rendered:
                problems.append(f"/{rel} (dark): {rendered} of {hosts} diagrams shown")
            page.screenshot(path=SHOTS / f"{name}--dark.jpg", quality=85)  # first screen
            page.close()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    # The checks above must have had something to check: known pages have known content.
    report = {
        rel: {"diagrams": d, "formulas": f, "players": p, "bytes": b}
        for rel, (d, f, p, b) in seen.items()
    }
    (SHOTS.parent / "pages.json").write_text(json.dumps(report, indent=1))
    diagrams, formulas, _, _ = seen["architectures/"]
    assert diagrams == 3, "the architectures page shows three diagrams as inline SVG"
    assert formulas > 5, "the architectures page has KaTeX formulas"
    assert seen[""][2] >= 1, "the home page plays a clip"


def test_pages_are_found(built_site):
    pages = site_pages(built_site)
    assert "" in pages
    assert "architectures/" in pages
    assert len(pages) >= 6


# The top of a heading, in px from the top of the window.
HEADING_TOP = "(id) => document.getElementById(id).getBoundingClientRect().top"


def test_links_to_headings_land_on_them(server, browser):
    """Blocks far below the first screen render only when scrolled near, sized by an
    estimate until then (docs/hooks/offscreen.py); a link to a heading must still land on
    it, just under the header, whether it comes from another page or from the table of
    contents. Without assets/js/site.js's correction these land 330 px to 3 screens off."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    landed = {}
    try:
        for rel, target in [
            ("losses/catalogue/", "further-reading"),
            ("reference/losses-spectral/", "audioml.losses.mel_stft_loss"),
        ]:
            page.goto(f"{server}/{rel}#{target}", wait_until="load")
            page.wait_for_timeout(1500)
            landed[f"/{rel}#{target}"] = page.evaluate(HEADING_TOP, target)
        page.goto(f"{server}/hearing/pitch/", wait_until="load")
        page.click('.md-sidebar--secondary a[href="#further-reading"]')
        page.wait_for_timeout(1500)
        landed["/hearing/pitch/ (contents) #further-reading"] = page.evaluate(
            HEADING_TOP, "further-reading"
        )
    finally:
        context.close()
    off = {link: round(top) for link, top in landed.items() if not 40 <= top <= 120}
    assert not off, f"headings not at the top of the window after the jump (px): {off}"


# Records when Material's bundle runs: it assigns window.document$ as it starts.
MATERIAL_CLOCK = """
(() => {
  let subject
  Object.defineProperty(window, "document$", {
    configurable: true,
    get: () => subject,
    set: (value) => { subject = value; window.materialStartedAt = performance.now() },
  })
})()
"""
MATERIAL_STATE = """
() => ({
  firstPaint: performance.getEntriesByName("first-paint")[0]?.startTime ?? null,
  parsed: performance.getEntriesByType("navigation")[0].domInteractive,
  started: window.materialStartedAt ?? null,
  copyButtons: [...document.querySelectorAll("article pre > code")]
    .filter((code) => code.offsetParent !== null)  // a closed content tab mounts when opened
    .map((code) => code.parentElement.querySelectorAll(":scope > nav > [data-md-type=copy]"))
    .map((buttons) => buttons.length),
})
"""


SCROLL_THROUGH_CODE = """
async () => {
  for (const pre of document.querySelectorAll("article pre")) {
    pre.scrollIntoView()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
"""
ALL_CODE_MOUNTED = """
() => [...document.querySelectorAll("article pre > code")]
  .filter((code) => code.offsetParent !== null)
  .every((code) => code.parentElement.querySelector(":scope > nav > [data-md-type=copy]"))
"""


def test_material_starts_after_the_first_paint_and_mounts_once(server, browser):
    """docs/overrides/main.html starts Material's bundle after the first paint and emits its
    `document$` itself when DOMContentLoaded has passed. The bundle must run after the page
    is parsed (as a parser-blocking script it runs before) and painted, and its
    components must mount exactly once (code blocks as each is first scrolled near,
    Material's content.lazy): one copy button per code block (none if
    the document were never emitted, two if it were emitted twice). The palette following
    the system's scheme is checked on every page by test_every_page_loads_cleanly."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(MATERIAL_CLOCK)
    try:
        page.goto(f"{server}/architectures/phase-reconstruction/", wait_until="load")
        page.wait_for_function("() => window.materialStartedAt !== undefined", timeout=5000)
        page.wait_for_selector("article pre [data-md-type=copy]", state="attached", timeout=5000)
        page.evaluate(SCROLL_THROUGH_CODE)  # content.lazy: blocks mount when first seen
        page.wait_for_function(ALL_CODE_MOUNTED, timeout=10000)
        state = page.evaluate(MATERIAL_STATE)
    finally:
        context.close()
    assert state["started"] > state["parsed"], state
    assert state["firstPaint"] is not None, state
    assert state["started"] > state["firstPaint"], state
    assert len(state["copyButtons"]) >= 5, "the page shows code blocks to check"
    assert state["copyButtons"] == [1] * len(state["copyButtons"]), state["copyButtons"]


def test_one_clip_plays_at_a_time(server, browser):
    """Starting a player pauses every other player on the page (assets/js/site.js)."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{server}/losses/atlas/", wait_until="load")
        playing = page.evaluate(
            """async () => {
              const players = [...document.querySelectorAll("audio")].slice(0, 3)
              for (const player of players) {
                player.muted = true
                await player.play()
              }
              return players.map((player) => !player.paused)
            }"""
        )
    finally:
        context.close()
    assert playing == [False, False, True], f"players playing after starting each: {playing}"


@pytest.mark.parametrize(("system", "scheme"), [("dark", "slate"), ("light", "default")])
def test_first_paint_is_in_the_readers_scheme(server, browser, system, scheme):
    """Material's bundle starts after the first paint, so the scheme a first-time reader's
    system asks for is set before it (docs/overrides/main.html), not when it mounts: with
    the bundle never arriving, the page is already in that scheme."""
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    page.route("**/javascripts/bundle.*.js", lambda route: route.abort())
    try:
        page.goto(f"{server}/notation/", wait_until="load")
        assert page.evaluate(SCHEME) == scheme
    finally:
        context.close()


TOGGLE = """
() => ({
  scheme: document.body.getAttribute("data-md-color-scheme"),
  shown: [...document.querySelectorAll(".md-header__option label")]
    .filter((label) => label.offsetParent !== null).map((label) => label.title),
  themeColor: document.querySelector("meta[name=theme-color]")?.content ?? null,
})
"""


def test_colour_scheme_toggle(server, browser):
    """The toggle (docs/overrides/partials/palette.html, in place of Material's palette
    component) cycles system -> light -> dark -> system, shows one button at a time,
    works from the keyboard, keeps the choice on the next page (drawn in it before
    Material's bundle starts: here the bundle never arrives) and sets the theme-color
    meta tag from the header."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(f"{server}/notation/", wait_until="load")
        page.wait_for_function("() => document.querySelector('meta[name=theme-color]')")
        states = [page.evaluate(TOGGLE)]
        for _ in range(3):
            page.click(".md-header__option label:not([hidden])")
            states.append(page.evaluate(TOGGLE))
        page.focus("#__palette_0")
        page.keyboard.press("Enter")  # system -> light
        by_keyboard = page.evaluate(TOGGLE)["scheme"]
        page.route("**/javascripts/bundle.*.js", lambda route: route.abort())
        page.goto(f"{server}/losses/", wait_until="load")
        next_page = page.evaluate(TOGGLE)
    finally:
        context.close()
    assert [state["scheme"] for state in states] == ["slate", "default", "slate", "slate"]
    assert [state["shown"] for state in states] == [
        ["Switch to light mode"],
        ["Switch to dark mode"],
        ["Switch to system preference"],
        ["Switch to light mode"],
    ]
    assert states[0]["themeColor"] == "#4051b5", "Material's indigo header"
    assert by_keyboard == "default"
    assert next_page["scheme"] == "default", "the light choice holds on the next page"
    assert next_page["shown"] == ["Switch to dark mode"]


HEADER_BOXES = """
() => Object.fromEntries(
  ["label[for=__search]", ".md-search", ".md-header__option", ".md-header__title"].map((css) => {
    const box = document.querySelector(css).getBoundingClientRect()
    return [css, [box.x, box.y, box.width, box.height].map(Math.round)]
  })
)
"""


@pytest.mark.parametrize("width", [1280, 412])
def test_header_is_final_from_the_first_paint(server, browser, width):
    """The root element is styled for JavaScript before the first paint
    (docs/overrides/main.html), so the header drawn before Material's bundle starts is
    the one it leaves: with the bundle never arriving, the search field and the scheme
    button are where they are once it has run."""
    boxes = {}
    for bundle in ("blocked", "running"):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        if bundle == "blocked":
            page.route("**/javascripts/bundle.*.js", lambda route: route.abort())
        try:
            page.goto(f"{server}/notation/", wait_until="load")
            if bundle == "running":
                page.wait_for_function("() => window.document$ !== undefined", timeout=5000)
                page.wait_for_timeout(300)
            boxes[bundle] = page.evaluate(HEADER_BOXES)
            classes = page.evaluate("() => document.documentElement.className")
        finally:
            context.close()
        assert "js" in classes.split(), f"{bundle}: {classes!r}"
        assert "no-js" not in classes.split(), f"{bundle}: {classes!r}"
    assert boxes["blocked"] == boxes["running"]

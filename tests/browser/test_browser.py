"""Headless Chromium opens every page of the built site, served on 127.0.0.1 under the
sub-path a GitHub Pages project site has (`/hf_audio_tutorial/`).

For every page, in the light and then the dark scheme, it asserts: no request outside
the site (to another origin, or to the server's root), no console error or uncaught
exception, every diagram shown as inline SVG, every formula rendered by KaTeX, every
shown image loaded, every audio player loaded with a duration > 0, no page wider than a
phone's screen, and no accessibility violation that axe-core (the engine behind
Lighthouse's accessibility audit, pinned in package.json) finds for WCAG 2.1 A and AA
in the light scheme, nor any colour-contrast violation in the dark scheme (checked on its
final colours: Material's colour transitions are turned off first). The pages are split
into `SHARDS` tests, so that pytest-xdist runs them on both cores; each shard loads its
pages one after the other in one tab.

With `AUDIOML_SCREENSHOTS=1` (`make screenshots`) a full-page screenshot of each page
(light) and of its first screen (dark) is saved under test-reports/screenshots/
(git-ignored) for a person to look at (35 s of the pass, so `make test` leaves it out);
the bytes a first visit transfers go to test-reports/pages-<shard>.json.

Chromium comes from Debian (`make browser` installs it). A missing browser fails this
module; it is never skipped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import site_pages

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-reports" / "screenshots"
SCREENSHOTS = os.environ.get("AUDIOML_SCREENSHOTS") == "1"


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


PHONE = {"width": 412, "height": 915}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """
async (options) => (await axe.run(document, options)).violations.map((v) => {
  const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")
  return `${v.id} (${v.impact}): ${v.help} -- ${where}`
})
"""


def axe_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations on the page as loaded: WCAG 2.1 A/AA, or only `rules`.
    The page's context preloads axe-core (`context.add_init_script(path=str(AXE))`)."""
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}}
    else:
        options = {"runOnly": {"type": "tag", "values": WCAG}}
    options["resultTypes"] = ["violations"]  # no selectors for the passes: ~15% faster
    return page.evaluate(AXE_RUN, options)


def watch(page: Page, base: str) -> tuple[list[str], list[str]]:
    """Lists that collect, from now on, the tab's requests outside `base` (the site's own
    URL: another origin, or the server's root instead of the sub-path the site is served
    at) and its console errors and uncaught exceptions; the caller empties them."""
    offsite: list[str] = []
    console: list[str] = []

    def on_request(request) -> None:
        if request.url.startswith(("http", "ws")) and not request.url.startswith(base):
            offsite.append(request.url)

    def on_console(message) -> None:
        if message.type == "error":
            console.append(message.text)

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))
    return offsite, console


def check_page(page: Page, url: str, where: str) -> tuple[list[str], tuple]:
    """Load one page; return its problems and (diagrams, formulas, players, bytes)."""
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
        if not image["loaded"]:
            problems.append(f"{where}: image {image['src']} did not load")
    durations = page.evaluate(AUDIO_DURATIONS)
    weight = page.evaluate(PAGE_WEIGHT)
    for index, duration in enumerate(durations):
        if not duration or duration <= 0:
            problems.append(f"{where}: audio #{index} did not load (duration {duration})")
    problems += [f"{where}: axe: {violation}" for violation in axe_violations(page)]
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)  # the phone layout, without loading the page again
    wide = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    if wide > 0:
        problems.append(f"{where}: {wide} px wider than a phone's screen (scrolls sideways)")
    page.set_viewport_size(desktop)
    return problems, (rendered, math["rendered"], len(durations), weight)


SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"
NO_ANIMATION = "() => document.getAnimations().every((a) => a.playState !== 'running')"
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important }"


# Eight shards of ~7 pages, so both workers finish together: with two shards, one worker
# ran its last ~100 s alone.
SHARDS = 8
# Pages whose content is known, so that the checks are seen to have had something to check.
KNOWN = {
    "architectures/": lambda d, f, p: d == 3 and f > 5,  # three inline diagrams, formulas
    "": lambda d, f, p: p >= 1,  # the home page plays a clip
}


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_loads_cleanly(built_site, server, browser, shard):
    """Each page (every `SHARDS`-th, from `shard`) is loaded in the light scheme,
    checked and photographed, then switched to dark the way a reader's system switches
    (prefers-color-scheme), checked for its diagrams again and photographed."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))  # in every page as it loads: 0.3 s a page less
    problems: list[str] = []
    seen: dict[str, tuple] = {}  # page -> (diagrams, formulas, players, bytes)
    # One tab for the shard's pages: a new tab per page started a renderer process each
    # time (1.1 CPU-s a page). Each page still starts light, as a fresh document.
    page = context.new_page()
    offsite, console = watch(page, f"{server}/")
    try:
        for rel in site_pages(built_site)[shard::SHARDS]:
            page.emulate_media(color_scheme="light")
            offsite.clear()
            console.clear()
            found, seen[rel] = check_page(page, f"{server}/{rel}", f"/{rel}")
            problems += found
            name = rel.strip("/").replace("/", "__") or "home"
            if SCREENSHOTS:  # once no animation runs: the tabs were caught mid-fade
                page.wait_for_function(NO_ANIMATION, timeout=5000)
                page.screenshot(path=SHOTS / f"{name}--light.jpg", full_page=True, quality=85)
            assert page.evaluate(SCHEME) == "default", f"/{rel} did not start light"
            # Material fades colours between schemes (125-250 ms, and waiting for every
            # fade to end was 0.45 s a page): a contrast measured mid-fade is neither
            # scheme's, so transitions are turned off and the final colours come at once.
            page.add_style_tag(content=NO_TRANSITIONS)
            page.emulate_media(color_scheme="dark")
            page.wait_for_function(f"() => ({SCHEME})() === 'slate'", timeout=5000)
            hosts, rendered = mermaid_rendered(page)
            if hosts != rendered:
                problems.append(f"/{rel} (dark): {rendered} of {hosts} diagrams shown")
            page.wait_for_function(NO_ANIMATION, timeout=5000)
            problems += [
                f"/{rel} (dark): {violation}"
                for violation in axe_violations(page, ["color-contrast"])
            ]
            if SCREENSHOTS:
                page.screenshot(path=SHOTS / f"{name}--dark.jpg", quality=85)  # first screen
            problems += [f"/{rel}: request outside the site: {url}" for url in offsite]
            problems += [f"/{rel}: console: {text}" for text in console]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    report = {
        rel: {"diagrams": d, "formulas": f, "players": p, "bytes": b}
        for rel, (d, f, p, b) in seen.items()
    }
    (SHOTS.parent / f"pages-{shard}.json").write_text(json.dumps(report, indent=1))
    assert set(KNOWN) <= set(site_pages(built_site)), "a page with known content is gone"
    for rel, expected in KNOWN.items():
        if rel in seen:
            assert expected(*seen[rel][:3]), f"/{rel} rendered {seen[rel][:3]}"


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

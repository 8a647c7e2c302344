// Site-wide behaviour that Material does not provide. Kept tiny on purpose, and free of
// Material's API: it runs before Material's bundle (docs/overrides/main.html).

// Material's search overlay has role="dialog" but no accessible name (a Lighthouse and
// axe accessibility failure); name it once, it is the same element on every page.
const searchDialog = document.querySelector('.md-search[role="dialog"]')
if (searchDialog && !searchDialog.hasAttribute("aria-label")) {
  searchDialog.setAttribute("aria-label", "Search this site")
}

// Set up every element matching `selector` once, after the page has been parsed; the
// page-specific widget scripts (explorers) call this with their own setUp(root).
function mountWidgets(selector, setUp) {
  const mount = () => {
    for (const root of document.querySelectorAll(selector)) {
      if (root.dataset.ready) continue
      root.dataset.ready = "1"
      setUp(root)
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount)
  } else {
    mount()
  }
}

// Only one clip plays at a time: starting a player pauses the others. ("play" does not
// bubble, so the listener captures it on its way down.)
document.addEventListener(
  "play",
  (event) => {
    if (!(event.target instanceof HTMLMediaElement)) return
    for (const other of document.querySelectorAll("audio, video")) {
      if (other !== event.target) other.pause()
    }
  },
  true,
)

// A table or display formula wider than the column scrolls sideways: make it focusable,
// so a keyboard can scroll it too (WCAG 2.1.1). Material adds the tables' wrappers as its
// bundle starts, before the page's load event.
addEventListener("load", () => {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap, div.arithmatex")) {
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
      wrap.tabIndex = 0
    }
  }
})

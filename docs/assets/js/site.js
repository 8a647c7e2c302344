// Site-wide behaviour that Material does not provide. Kept tiny on purpose, and free of
// Material's API: it runs before Material's bundle, which starts after the first paint
// (docs/overrides/main.html).

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

// Links to a heading (#id): blocks far below the first screen (data-below-fold) are
// sized by an estimate until they are first rendered, so after the browser's jump to the
// heading, blocks rendering around it (and images loading) move it, and near the end of a
// page the jump is cut short by a page that is not yet as long as it will be. So for two
// seconds, each time the article changes height, jump to the heading again; the reader
// scrolling, tapping or typing ends this at once.
function settleOnTarget() {
  const id = decodeURIComponent(location.hash.slice(1))
  const target = id && document.getElementById(id)
  if (!target || !document.querySelector("[data-below-fold]")) return
  const inputs = ["wheel", "touchstart", "keydown", "mousedown"]
  const resized = new ResizeObserver(() => target.scrollIntoView())
  const stop = () => {
    resized.disconnect()
    for (const input of inputs) removeEventListener(input, stop)
  }
  for (const input of inputs) addEventListener(input, stop, { passive: true })
  resized.observe(target.closest("article") || document.body)
  setTimeout(stop, 2000)
}
addEventListener("load", settleOnTarget)
addEventListener("hashchange", settleOnTarget)

// Site-wide behaviour that Material does not provide. Kept tiny on purpose.

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

// Only one clip plays at a time: starting a player pauses the others.
document$.subscribe(({ body }) => {
  const players = body.querySelectorAll("audio")
  for (const player of players) {
    player.addEventListener("play", () => {
      for (const other of players) if (other !== player) other.pause()
    })
  }
})

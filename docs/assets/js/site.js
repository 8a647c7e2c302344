// Site-wide behaviour that Material does not provide. Kept tiny on purpose.

// Material's search overlay has role="dialog" but no accessible name (a Lighthouse and
// axe accessibility failure); name it once, it is the same element on every page.
const searchDialog = document.querySelector('.md-search[role="dialog"]')
if (searchDialog && !searchDialog.hasAttribute("aria-label")) {
  searchDialog.setAttribute("aria-label", "Search this site")
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

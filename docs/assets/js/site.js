// Site-wide behaviour that Material does not provide. Kept tiny on purpose.
// Only one clip plays at a time: starting a player pauses the others.
document$.subscribe(({ body }) => {
  const players = body.querySelectorAll("audio")
  for (const player of players) {
    player.addEventListener("play", () => {
      for (const other of players) if (other !== player) other.pause()
    })
  }
})

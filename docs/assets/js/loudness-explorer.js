// Loudness explorer (page hearing/loudness.md): pick a loudness level, see its contour and
// hear the eight tones set to it. The page renders all four figure + clip pairs (so their
// alt text, captions and files come from the package and are link-checked); this script
// shows the chosen pair and hides the others. Without JavaScript all four stay visible
// and the (hidden) radio buttons are never shown.
;(function () {
  "use strict"

  function setUp(root) {
    const controls = root.querySelector(".loudness-explorer-controls")
    const status = root.querySelector(".loudness-explorer-status")
    const states = Array.from(root.querySelectorAll(".loudness-explorer-state"))
    const radios = Array.from(controls.querySelectorAll("input[type=radio]"))
    if (!states.length || !radios.length) return

    function show(phon, announce) {
      for (const state of states) {
        const active = state.dataset.phon === phon
        state.hidden = !active
        if (!active) {
          for (const audio of state.querySelectorAll("audio")) audio.pause()
        }
      }
      root.dataset.phon = phon
      if (announce && status) {
        status.textContent = "Showing the " + phon + "-phon contour and its tones."
      }
    }

    for (const radio of radios) {
      radio.addEventListener("change", () => {
        if (radio.checked) show(radio.value, true)
      })
    }
    controls.hidden = false
    const checked = radios.find((radio) => radio.checked) || radios[0]
    checked.checked = true
    show(checked.value, false)
  }

  mountWidgets(".loudness-explorer", setUp)
})()

// Griffin-Lim explorer (page architectures/phase-reconstruction.md): a slider over the
// number of fast Griffin-Lim iterations. The page renders every figure + clip pair (so
// their alt text, captions and files come from the package and are link-checked); this
// script shows the pair for the chosen iteration count and hides the others. Without
// JavaScript all pairs stay visible and the (hidden) slider is never shown.
;(function () {
  "use strict"

  function plural(count) {
    return count === 1 ? "1 iteration" : count + " iterations"
  }

  function setUp(root) {
    const controls = root.querySelector(".griffin-lim-explorer-controls")
    const slider = controls && controls.querySelector("input[type=range]")
    const output = controls && controls.querySelector("output")
    const status = root.querySelector(".griffin-lim-explorer-status")
    const states = Array.from(root.querySelectorAll(".griffin-lim-explorer-state"))
    if (!slider || !output || !states.length) return

    slider.min = "0"
    slider.max = String(states.length - 1)
    slider.step = "1"

    function describe(state) {
      const count = Number(state.dataset.iterations)
      const caption = state.querySelector(".audioml-figure figcaption")
      const match = caption && caption.textContent.match(/spectral convergence (-?[0-9.]+) dB/)
      const what = count === 0 ? "random-phase start (0 iterations)" : plural(count)
      return match ? what + ": spectral convergence " + match[1] + " dB" : what
    }

    function show(index, announce) {
      states.forEach((state, i) => {
        const active = i === index
        state.hidden = !active
        if (!active) {
          for (const audio of state.querySelectorAll("audio")) audio.pause()
        }
      })
      const text = describe(states[index])
      output.value = text
      output.textContent = text
      slider.setAttribute("aria-valuetext", text)
      root.dataset.iterations = states[index].dataset.iterations
      if (announce && status) status.textContent = "Showing " + text + "."
    }

    slider.addEventListener("input", () => show(Number(slider.value), true))
    controls.hidden = false
    const start = Math.min(Math.max(Number(slider.value) || 0, 0), states.length - 1)
    slider.value = String(start)
    show(start, false)
  }

  mountWidgets(".griffin-lim-explorer", setUp)
})()

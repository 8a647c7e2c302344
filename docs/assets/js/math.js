// Render math with the site's own KaTeX (loaded by the template on pages that need it).
// Markdown pages: pymdownx.arithmatex (generic mode) wraps math in .arithmatex elements
// as \( ... \) or \[ ... \]. Notebook pages: markdown cells keep $...$ and $$...$$.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    const display = element.tagName === "DIV"
    const tex = element.textContent.trim().replace(/^\\[([]/, "").replace(/\\[)\]]$/, "")
    katex.render(tex, element, { displayMode: display, throwOnError: true })
  }
  for (const cell of body.querySelectorAll(".jp-RenderedMarkdown")) {
    renderMathInElement(cell, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
      ],
      throwOnError: true,
    })
  }
})

// Typeset the math of notebook pages with the site's own KaTeX (the template loads it on
// notebook pages only). Their Markdown cells keep $...$ and $$...$$; every other page's
// math is typeset at build time by docs/hooks/math.py. The template loads this at the
// end of the body, so the cells are parsed when it runs.
for (const cell of document.querySelectorAll(".jp-RenderedMarkdown")) {
  renderMathInElement(cell, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
    ],
    throwOnError: true,
  })
}

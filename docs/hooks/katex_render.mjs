// Server-side KaTeX for docs/hooks/math.py: reads one JSON request per line on stdin,
// {"tex": [...], "display": [...]}, and answers one JSON line on stdout,
// {"html": [...]} or {"error": "..."}: the same HTML KaTeX would put in the page in the
// browser (HTML + MathML for screen readers), so pages ship KaTeX's CSS and fonts but no
// JavaScript. KaTeX is the pinned npm copy in node_modules (`make install`).
import { createRequire } from "node:module"
import readline from "node:readline"

const require = createRequire(import.meta.url)
const katex = require("katex")

const lines = readline.createInterface({ input: process.stdin })
for await (const line of lines) {
  const request = JSON.parse(line)
  let answer
  try {
    answer = {
      html: request.tex.map((tex, i) =>
        katex.renderToString(tex, { displayMode: request.display[i], throwOnError: true }),
      ),
    }
  } catch (error) {
    answer = { error: String(error.message || error) }
  }
  process.stdout.write(JSON.stringify(answer) + "\n")
}

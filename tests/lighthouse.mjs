// Lighthouse over every page of the built site, for `tests/test_lighthouse.py`.
//
//   node tests/lighthouse.mjs --out DIR ORIGIN PATH [PATH ...]
//
// Runs Lighthouse 12.8.2 (npm, pinned in package.json) with its default mobile preset and
// simulated throttling against ORIGIN + PATH for each page, one after another in ONE
// Chromium (Debian's /usr/bin/chromium, or $CHROME_PATH), so pages never compete for the
// two cores. Writes, per page, the HTML report a person reads (DIR/<page>.html) and one
// DIR/summary.json the test asserts on: category scores, the audits that lost points,
// the metrics and the bytes transferred by type.
//
// Skipped, because they do not count towards any score and cost seconds per page: the
// full-page screenshot, the filmstrip, and the back/forward-cache probe (`bf-cache`,
// weight 0, which navigates away and back).

import fs from "node:fs"
import path from "node:path"
import * as chromeLauncher from "chrome-launcher"
import lighthouse from "lighthouse"

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
const SKIPPED = ["bf-cache", "screenshot-thumbnails", "final-screenshot", "full-page-screenshot"]

function parseArgs(argv) {
  const at = argv.indexOf("--out")
  if (at < 0 || argv.length < at + 4) {
    console.error("usage: node tests/lighthouse.mjs --out DIR ORIGIN PATH [PATH ...]")
    process.exit(2)
  }
  const out = argv[at + 1]
  const [origin, ...pages] = argv.filter((_, i) => i !== at && i !== at + 1)
  return { out, origin, pages }
}

// What the test needs from one report: scores, lost points, metrics, bytes by type.
function summarise(lhr, seconds) {
  const scores = {}
  const lost = {}
  for (const id of CATEGORIES) {
    const category = lhr.categories[id]
    scores[id] = category.score === null ? null : Math.round(category.score * 100)
    lost[id] = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => `${audit.id} (${audit.displayValue || audit.score})`)
  }
  const metrics = {}
  for (const id of [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
  ]) {
    metrics[id] = lhr.audits[id].numericValue
  }
  const bytes = {}
  for (const request of lhr.audits["network-requests"].details.items) {
    const type = request.resourceType || "Other"
    bytes[type] = (bytes[type] || 0) + (request.transferSize || 0)
  }
  return {
    url: lhr.finalDisplayedUrl,
    seconds,
    scores,
    lost,
    metrics,
    bytes,
    dom_size: lhr.audits["dom-size"].numericValue,
    runtime_error: lhr.runtimeError ? lhr.runtimeError.message : null,
  }
}

const { out, origin, pages } = parseArgs(process.argv.slice(2))
fs.mkdirSync(out, { recursive: true })
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
  ],
})
const summary = {}
try {
  for (const page of pages) {
    const started = Date.now()
    const result = await lighthouse(new URL(page, origin).href, {
      port: chrome.port,
      output: "html",
      logLevel: "error",
      onlyCategories: CATEGORIES,
      skipAudits: SKIPPED,
      disableFullPageScreenshot: true,
    })
    const seconds = (Date.now() - started) / 1000
    const name = page.replace(/^\/+|\/+$/g, "").replaceAll("/", "_") || "home"
    fs.writeFileSync(path.join(out, `${name}.html`), result.report)
    summary[page] = summarise(result.lhr, seconds)
    const s = summary[page].scores
    console.log(
      `${page}: ${seconds.toFixed(1)} s, perf ${s.performance} a11y ${s.accessibility} ` +
        `bp ${s["best-practices"]} seo ${s.seo}`,
    )
  }
} finally {
  fs.writeFileSync(path.join(out, "summary.json"), JSON.stringify(summary, null, 2))
  await chrome.kill()
}

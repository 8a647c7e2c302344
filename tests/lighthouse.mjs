// Lighthouse over every page of the built site, for `tests/test_lighthouse.py`.
//
//   node tests/lighthouse.mjs --out DIR [--categories performance|audits] ORIGIN PATH [PATH ...]
//
// Runs Lighthouse 12.8.2 (npm, pinned in package.json) with its default mobile preset and
// simulated throttling against ORIGIN + PATH for each page, one after another in ONE
// Chromium (Debian's /usr/bin/chromium, or $CHROME_PATH). Writes, per page, the HTML report
// a person reads (DIR/<page>.html) and one DIR/summary.json the test asserts on: category
// scores, the audits that lost points, and (performance) the metrics and the bytes
// transferred by type.
//
// `--categories performance` measures load speed only: it must run alone on the machine,
// as its simulation is fed by how long the page's work really took. `--categories audits`
// runs accessibility, best practices and SEO, which do not depend on timing, so the test
// suite runs that pass in the background while other tests run.
//
// Skipped, because they do not count towards any score and cost seconds per page: the
// full-page screenshot, the filmstrip, and the back/forward-cache probe (`bf-cache`,
// weight 0, which navigates away and back).

import fs from "node:fs"
import path from "node:path"
import * as chromeLauncher from "chrome-launcher"
import lighthouse from "lighthouse"

const PASSES = {
  all: ["performance", "accessibility", "best-practices", "seo"],
  performance: ["performance"],
  audits: ["accessibility", "best-practices", "seo"],
}
const SKIPPED = ["bf-cache", "screenshot-thumbnails", "final-screenshot", "full-page-screenshot"]

function parseArgs(argv) {
  const options = { out: null, categories: "all" }
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") options.out = argv[++i]
    else if (argv[i] === "--categories") options.categories = argv[++i]
    else rest.push(argv[i])
  }
  if (!options.out || !(options.categories in PASSES) || rest.length < 2) {
    console.error("usage: node tests/lighthouse.mjs --out DIR [--categories performance|audits] ORIGIN PATH...")
    process.exit(2)
  }
  const [origin, ...pages] = rest
  return { ...options, categories: PASSES[options.categories], origin, pages }
}

// What the test needs from one report: scores, lost points, metrics, bytes by type.
function summarise(lhr, seconds) {
  const scores = {}
  const lost = {}
  for (const id of Object.keys(lhr.categories)) {
    const category = lhr.categories[id]
    scores[id] = category.score === null ? null : Math.round(category.score * 100)
    lost[id] = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => `${audit.id} (${audit.displayValue || audit.score})`)
  }
  const result = { url: lhr.finalDisplayedUrl, seconds, scores, lost }
  result.runtime_error = lhr.runtimeError ? lhr.runtimeError.message : null
  if (!("performance" in lhr.categories)) return result
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
  return { ...result, metrics, bytes, dom_size: lhr.audits["dom-size"].numericValue }
}

const { out, categories, origin, pages } = parseArgs(process.argv.slice(2))
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
      onlyCategories: categories,
      skipAudits: SKIPPED,
      disableFullPageScreenshot: true,
      // A static local site goes quiet within milliseconds; Lighthouse's default 1 s
      // quiet windows cost ~1.3 s a page for nothing (scores unchanged within noise).
      pauseAfterFcpMs: 250,
      pauseAfterLoadMs: 250,
      networkQuietThresholdMs: 500,
      cpuQuietThresholdMs: 500,
    })
    const seconds = (Date.now() - started) / 1000
    const name = page.replace(/^\/+|\/+$/g, "").replaceAll("/", "_") || "home"
    fs.writeFileSync(path.join(out, `${name}.html`), result.report)
    summary[page] = summarise(result.lhr, seconds)
    const scores = Object.entries(summary[page].scores).map(([id, score]) => `${id} ${score}`)
    console.log(`${page}: ${seconds.toFixed(1)} s, ${scores.join(", ")}`)
  }
} finally {
  fs.writeFileSync(path.join(out, "summary.json"), JSON.stringify(summary, null, 2))
  await chrome.kill()
}

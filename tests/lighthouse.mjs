// Lighthouse over every page of the built site, for `tests/test_lighthouse.py`.
//
//   node tests/lighthouse.mjs --out DIR [--categories performance|audits] [--runs N]
//                             ORIGIN PATH [PATH ...]
//
// Runs Lighthouse 12.8.2 (npm, pinned in package.json) with its default mobile preset and
// simulated throttling against ORIGIN + PATH for each page, one after another in ONE
// Chromium (Debian's /usr/bin/chromium, or $CHROME_PATH). Writes, per page, the HTML report
// a person reads (DIR/<page>.html) and one DIR/summary.json the test asserts on: category
// scores, the audits that lost points, and (performance) the metrics and the bytes
// transferred by type.
//
// `--runs N` measures each page N times (default 1); its summary is the first run, and
// `runs` lists every run's summary (tests/conftest.py scores a page measured more than
// once by the median of its runs, Lighthouse's own advice for scores that vary).
//
// `--categories performance` measures load speed only: it must run alone on the machine,
// as its simulation is fed by how long the page's work really took. `--categories audits`
// runs accessibility, best practices and SEO, which do not depend on timing, so the test
// suite runs that pass in the background while other tests run.
//
// The audits pass sees every block rendered. Blocks far below the first screen
// (data-below-fold, docs/hooks/offscreen.py) skip layout until scrolled near, and axe, which
// judges colour contrast and tap-target spacing from geometry, reads their unrendered
// boxes as overlapping whatever is at the top of the page (it reported black text on the
// footer's grey). A reader only ever sees them rendered, so that is the state audited: a
// style added on each page load turns the deferral off for this pass. The performance
// pass measures the page as it is served.
//
// The performance pass runs only the audits below: the five that make the score (their
// weights are the category's; every other performance audit weighs 0) and the
// diagnostics a person reads to see why a page is slow. Skipping the rest (unused CSS and
// JavaScript, image and cache advice...) skips their gatherers: 0.6 s a page, scores
// unchanged.
//
// Skipped, because they do not count towards any score and cost seconds per page: the
// full-page screenshot, the filmstrip, and the back/forward-cache probe (`bf-cache`,
// weight 0, which navigates away and back).

import fs from "node:fs"
import path from "node:path"
import * as chromeLauncher from "chrome-launcher"
import lighthouse from "lighthouse"
import puppeteer from "puppeteer-core"

const PASSES = {
  all: ["performance", "accessibility", "best-practices", "seo"],
  performance: ["performance"],
  audits: ["accessibility", "best-practices", "seo"],
}
const RENDER_EVERYTHING = `document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style")
  style.textContent = "[data-below-fold] { content-visibility: visible !important }"
  document.head.append(style)
})`
const PERFORMANCE_AUDITS = [
  // the score
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
  // why
  "largest-contentful-paint-element",
  "layout-shifts",
  "long-tasks",
  "mainthread-work-breakdown",
  "bootup-time",
  "dom-size",
  "network-requests",
]
const SKIPPED = ["bf-cache", "screenshot-thumbnails", "final-screenshot", "full-page-screenshot"]

function parseArgs(argv) {
  const options = { out: null, categories: "all", runs: 1 }
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") options.out = argv[++i]
    else if (argv[i] === "--categories") options.categories = argv[++i]
    else if (argv[i] === "--runs") options.runs = Number(argv[++i])
    else rest.push(argv[i])
  }
  const runsOk = Number.isInteger(options.runs) && options.runs >= 1
  if (!options.out || !(options.categories in PASSES) || !runsOk || rest.length < 2) {
    console.error(
      "usage: node tests/lighthouse.mjs --out DIR [--categories performance|audits] [--runs N] ORIGIN PATH...",
    )
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
  const dom_size = lhr.audits["dom-size"].numericValue
  return { ...result, metrics, bytes, dom_size, benchmark_index: lhr.environment.benchmarkIndex }
}

const { out, categories, runs, origin, pages } = parseArgs(process.argv.slice(2))
const QUIET_MS = categories.includes("performance") ? 500 : 250
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
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` })
try {
  const tab = await browser.newPage()
  if (!categories.includes("performance")) await tab.evaluateOnNewDocument(RENDER_EVERYTHING)
  for (const page of pages) {
    const name = page.replace(/^\/+|\/+$/g, "").replaceAll("/", "_") || "home"
    const measured = []
    for (let run = 1; run <= runs; run++) {
      const started = Date.now()
      const flags = {
        output: "html",
        logLevel: "error",
        ...(categories.join() === "performance"
          ? { onlyAudits: PERFORMANCE_AUDITS }
          : { onlyCategories: categories }),
        skipAudits: SKIPPED,
        disableFullPageScreenshot: true,
        // A static local site goes quiet within milliseconds; Lighthouse's default 1 s
        // quiet windows cost ~1.3 s a page for nothing (scores unchanged within noise).
        // The audits pass needs only the page as Material leaves it: its bundle is
        // requested a frame after the first paint and mounts as it loads, well inside
        // 250 ms windows (all 41 pages: the same scores and findings as with 500 ms, 24 s
        // sooner).
        pauseAfterFcpMs: 250,
        pauseAfterLoadMs: 250,
        networkQuietThresholdMs: QUIET_MS,
        cpuQuietThresholdMs: QUIET_MS,
      }
      const result = await lighthouse(new URL(page, origin).href, flags, undefined, tab)
      const seconds = (Date.now() - started) / 1000
      const suffix = runs > 1 ? `.run${run}` : ""
      fs.writeFileSync(path.join(out, `${name}${suffix}.html`), result.report)
      measured.push(summarise(result.lhr, seconds))
      const scores = Object.entries(measured.at(-1).scores).map(([id, s]) => `${id} ${s}`)
      console.log(`${page}${suffix}: ${seconds.toFixed(1)} s, ${scores.join(", ")}`)
    }
    summary[page] = { ...measured[0], runs: measured }
  }
} finally {
  fs.writeFileSync(path.join(out, "summary.json"), JSON.stringify(summary, null, 2))
  await browser.disconnect()
  await chrome.kill()
}

// What the browser runs share: expectations that fail with a clear message, numbered steps, a phone-sized
// or desktop Chromium (Debian's, never a downloaded one) and the run's exit code.
import { chromium } from 'playwright-core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const TIMEOUT = 20000

export class Failure extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Failure(message)
}

/** Polls `read` until `test` holds on its value (every `every` ms on the page's clock); fails with the last value. */
export async function pollUntil(page, read, test, what, timeout = TIMEOUT, every = 200) {
  const deadline = Date.now() + timeout
  let last
  while (Date.now() < deadline) {
    last = await read().catch((e) => `(${e.message.split('\n')[0]})`)
    if (test(last)) return last
    await page.waitForTimeout(every)
  }
  throw new Failure(`${what}; last seen: ${JSON.stringify(last)?.slice(0, 400)}`)
}

/** Rows of (question_id, option_order, correct_keys) → question id → the shown labels of its correct options. */
export function shownKeys(rows, labels) {
  const key = {}
  for (const row of rows) {
    const order = row.option_order.split(',')
    key[row.question_id] = row.correct_keys.split(',').map((k) => {
      const i = order.indexOf(k)
      if (i < 0) throw new Failure(`key ${k} of question ${row.question_id} not in option order ${row.option_order}`)
      return labels[i]
    }).sort()
  }
  return key
}

const started = Date.now()
let stepNo = 0

/** Runs one numbered step and logs it as passed (with its time) or failed (with the first line of the reason). */
export async function step(name, fn) {
  stepNo++
  const t0 = Date.now()
  try {
    const value = await fn()
    console.log(`✓ ${String(stepNo).padStart(2)} ${name} (${Date.now() - t0} ms)`)
    return value
  } catch (e) {
    console.error(`✗ ${String(stepNo).padStart(2)} ${name}: ${e.message.split('\n')[0]}`)
    throw e
  }
}

/** Headless Chromium (Debian's) in a fresh profile that {@link finish} removes; `device` sets the viewport. */
async function launch(device) {
  const profileDir = mkdtempSync(join(tmpdir(), 'cg-e2e-'))
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    locale: 'zh-CN',
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    ...device,
  })
  context.setDefaultTimeout(TIMEOUT)
  context.profileDir = profileDir
  const page = context.pages()[0] ?? (await context.newPage())
  return { context, page }
}

/** A 390×844 phone (the workers' app). */
export function launchPhone() {
  return launch({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
}

/** A 1440×900 desktop (the trainers' console); screenshots come out 1440 wide. */
export function launchDesktop() {
  return launch({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })
}

/**
 * Runs `main`, then exits: 0 when every step passed, 1 with the reason (and a screenshot of the page as it was)
 * otherwise. `cleanup` runs either way.
 */
export async function finish(main, { name, screenshotDir, browser, cleanup = async () => {} }) {
  let code = 0
  try {
    await main()
    console.log(`${name} passed: ${stepNo} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } catch (e) {
    code = 1
    const page = browser()?.page
    if (page) await page.screenshot({ path: join(screenshotDir, `${name}-failure.png`) }).catch(() => {})
    console.error(`${name} FAILED: ${e instanceof Failure ? e.message : e.stack || e.message}`)
    if (page) console.error(`  at ${page.url()}`)
  } finally {
    const context = browser()?.context
    await context?.close().catch(() => {})
    if (context?.profileDir) rmSync(context.profileDir, { recursive: true, force: true })
    await cleanup().catch(() => {})
  }
  process.exit(code)
}

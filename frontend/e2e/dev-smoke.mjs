// The README's first command as a newcomer's browser meets it: against `./mvnw quarkus:dev` on port 8080 (Vite
// behind Quinoa), the app shell and its modules, the demo login, /api/me, the level map, a level started and
// submitted through the API, then the phone app in Chromium from the login to a question on screen.
//   BASE_URL       default http://localhost:8080
//   SCREENSHOT_DIR default ../target/screenshots
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, finish, launchPhone, step } from './harness.mjs'

const FRONTEND = fileURLToPath(new URL('..', import.meta.url))
const BASE_URL = (process.env.BASE_URL || 'http://localhost:8080').replace(/\/$/, '')
const SCREENSHOT_DIR = resolve(FRONTEND, process.env.SCREENSHOT_DIR || '../target/screenshots')
const PHONE = '13900000001'
const PASSWORD = 'Demo@2026'
const NAVIGATION = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

/** A request that must answer within 15 s: a forwarding loop shows up as a hang, not as an error. */
async function call(path, { method = 'GET', token, body, accept } = {}) {
  const headers = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body) headers['content-type'] = 'application/json'
  if (accept) headers.accept = accept
  const response = await fetch(BASE_URL + path, {
    method, headers, body: body && JSON.stringify(body), signal: AbortSignal.timeout(15000),
  }).catch((e) => { throw new Error(`${method} ${path} did not answer: ${e.message}`) })
  const text = await response.text()
  let json = null
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: response.status, type: response.headers.get('content-type') || '', text, json }
}

let browser

async function main() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  console.log(`dev-mode smoke against ${BASE_URL}`)

  await step('the app shell and its modules come from Vite through port 8080', async () => {
    for (const path of ['/', '/map']) {
      const shell = await call(path, { accept: NAVIGATION })
      expect(shell.status === 200 && shell.text.includes('<div id="app"'), `${path}: no app shell (${shell.status})`)
    }
    const shell = await call('/', { accept: NAVIGATION })
    const entry = shell.text.match(/<script type="module" src="([^"]+main\.js)"/)
    expect(entry, 'the shell names no main.js module')
    for (const path of ['/@vite/client', entry[1], '/manifest.webmanifest']) {
      const asset = await call(path)
      expect(asset.status === 200 && asset.text.length > 0, `${path} answers ${asset.status}`)
    }
  })

  const token = await step(`the README's login: ${PHONE} / ${PASSWORD}`, async () => {
    const login = await call('/api/auth/login', { method: 'POST', body: { phone: PHONE, password: PASSWORD } })
    expect(login.status === 200 && login.json?.accessToken, `login answers ${login.status}: ${login.text.slice(0, 200)}`)
    return login.json.accessToken
  })

  const me = await step('GET /api/me answers (it used to hang in dev mode)', async () => {
    const me = await call('/api/me', { token })
    expect(me.status === 200 && me.json?.trade?.code === 'STEELMAKER', `/api/me answers ${me.status}: ${me.text.slice(0, 200)}`)
    const unknown = await call('/api/no-such-endpoint', { token, accept: NAVIGATION })
    expect(unknown.status === 404 && unknown.type.includes('problem+json'), `an unknown API path answers ${unknown.status} ${unknown.type}`)
    return me.json
  })

  const level = await step('the level map of my trade: the first level is open', async () => {
    const map = await call(`/api/trades/${me.trade.id}/levels`, { token })
    expect(map.status === 200 && Array.isArray(map.json) && map.json.length > 0, `the map answers ${map.status}`)
    expect(map.json[0].status === 'OPEN', `the first level is ${map.json[0].status}`)
    return map.json[0]
  })

  await step(`level "${level.name}" started and submitted`, async () => {
    const start = await call(`/api/levels/${level.id}/attempts`, { method: 'POST', token, body: { mode: 'PRACTICE' } })
    expect(start.status === 201 && start.json?.questions?.length > 0, `the start answers ${start.status}: ${start.text.slice(0, 200)}`)
    const answers = start.json.questions.map((q) => ({ questionId: q.id, selected: ['A'] }))
    const result = await call(`/api/attempts/${start.json.attemptId}/submission`, { method: 'POST', token, body: { answers } })
    expect(result.status === 200 && Number.isInteger(result.json?.score), `the submission answers ${result.status}: ${result.text.slice(0, 200)}`)
    console.log(`     scored ${result.json.score} on ${result.json.total} questions`)
  })

  browser = await launchPhone()
  const { page } = browser
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  await step('the phone app: log in, the map, a level started, a question on screen', async () => {
    await page.goto(BASE_URL + '/')
    await page.waitForURL(/\/login/)
    await page.fill('input[name="phone"]', PHONE)
    await page.fill('input[name="password"]', PASSWORD)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => url.pathname === '/')
    await page.locator('.van-tabbar-item', { hasText: '闯关' }).click()
    await page.waitForURL(/\/map/)
    await page.locator(`[data-level-id="${level.id}"]`).click()
    await page.locator('[data-testid="start-challenge"]').click()
    await page.waitForURL(/\/attempts\/\d+$/)
    const question = page.locator('.question[data-question-id]')
    await question.waitFor()
    const options = await question.locator('button[data-key]').count()
    expect(options >= 2, `the question shows ${options} options`)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'dev-mode-question.png') })
  })

  expect(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`)
}

await finish(main, { name: 'dev-smoke', screenshotDir: SCREENSHOT_DIR, browser: () => browser })

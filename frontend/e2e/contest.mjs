// Browser end-to-end run of a skills contest (技能竞赛) against a running backend with demo data: the union admin of
// 济南市 defines an INDIVIDUAL CITY contest of the trade 炼钢工 through the API, the demo trainer composes its paper by
// hand and the admin publishes it. On a phone the demo worker registers, waits in the lobby until the countdown
// reaches the start (the contest's dates are moved in the database so that it opens a few seconds later), answers
// every question right, hands in, sees 100 and their row first on the live board. The dates are then moved past the
// window; on a desktop the admin finalises the contest in the console and sees the worker placed first; back on the
// phone, the contest is final with the worker's place 1. Repeatable: each run defines its own contest, named with a
// tag drawn at random.
//   BASE_URL       where the app is served (default http://localhost:8080; the console at /console/ below it)
//   DATABASE_URL   the backend's database: the trade, the paper's questions, the answer key and the contest's dates
//                  (default postgres://postgres@127.0.0.1:5432/chuangguan_dev)
//   SCREENSHOT_DIR where the screenshots go (default ../target/screenshots relative to frontend/)
// Exits non-zero with a clear message on the first failed expectation.
import pg from 'pg'
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Failure, TIMEOUT, expect, finish, launchDesktop, launchPhone, pollUntil, shownKeys, step } from './harness.mjs'

const FRONTEND = fileURLToPath(new URL('..', import.meta.url))
const BASE_URL = (process.env.BASE_URL || 'http://localhost:8080').replace(/\/$/, '')
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/chuangguan_dev'
const SCREENSHOT_DIR = resolve(FRONTEND, process.env.SCREENSHOT_DIR || '../target/screenshots')
const PASSWORD = 'Demo@2026'
const WORKER = { phone: '13900000001', name: '王志强' }
const TRAINER = { phone: '13900000002' }
const ADMIN = { phone: '13900000003', name: '刘卫东', city: '济南市' }
const TRADE = 'STEELMAKER'
const PAPER_SIZE = 5
const LABELS = 'ABCDEFGH'
/** How far ahead the contest's start is moved once the worker waits in the lobby. */
const START_IN_SECONDS = 15
const HOUR = 3600 * 1000

const tag = `${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 6)}`
const CONTEST_NAME = `浏览器测试竞赛-${tag}`

const db = new pg.Client({ connectionString: DATABASE_URL })

// ---- the API, for the setup only ---------------------------------------------------------------------------

async function api(method, path, { token, body } = {}) {
  const response = await fetch(BASE_URL + path, {
    method,
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  }).catch((e) => {
    throw new Failure(`${method} ${path}: ${e.message} (is the app running at ${BASE_URL}?)`)
  })
  const text = await response.text()
  if (!response.ok) throw new Failure(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : null
}

async function login(phone) {
  const answer = await api('POST', '/api/auth/login', { body: { phone, password: PASSWORD } })
  expect(answer?.accessToken, `no access token for ${phone}`)
  return answer.accessToken
}

// ---- the database: dates and the answer key ------------------------------------------------------------------

/** Moves the contest's dates: registration over, the window opening in START_IN_SECONDS. */
async function openSoon(contestId) {
  const { rowCount } = await db.query(
    `update contest set registration_closes = now() - interval '1 minute', registration_opens = now() - interval '2 hours',
            starts_at = now() + make_interval(secs => $2), ends_at = now() + interval '1 hour' where id = $1`,
    [contestId, START_IN_SECONDS])
  expect(rowCount === 1, `contest ${contestId} not found in the database to move its start`)
}

/** Moves the contest's window into the past (10 minutes ago, past the submission grace). */
async function windowOver(contestId) {
  const { rowCount } = await db.query(
    `update contest set registration_opens = now() - interval '5 hours', registration_closes = now() - interval '4 hours',
            starts_at = now() - interval '3 hours', ends_at = now() - interval '10 minutes' where id = $1`,
    [contestId])
  expect(rowCount === 1, `contest ${contestId} not found in the database to end its window`)
}

/** question id → the shown labels of its correct options in the run (the entry's option order). */
async function answerKey(contestId, runId) {
  const { rows } = await db.query(
    `select rq.question_id, rq.option_order, v.correct_keys
       from contest_entry e
       cross join lateral unnest(e.question_ids, e.version_ids, e.option_orders) as rq (question_id, version_id, option_order)
       join question_version v on v.id = rq.version_id
      where e.id = $1 and e.contest_id = $2`,
    [runId, contestId],
  )
  expect(rows.length > 0, `no paper in the database for run ${runId} of contest ${contestId}`)
  return { key: shownKeys(rows, LABELS), count: rows.length }
}

// ---- the browser ---------------------------------------------------------------------------------------------

/** The browser in use (the phone, then the desktop, then the phone again): the one the harness shoots on failure. */
let current = null
const opened = []
const pageErrors = []
let page

async function use(launch) {
  current = await launch()
  opened.push(current)
  page = current.page
  page.on('pageerror', (e) => pageErrors.push(e.message))
}

async function close() {
  const b = current
  current = null
  page = null
  await b?.context.close().catch(() => {})
  if (b?.context.profileDir) rmSync(b.context.profileDir, { recursive: true, force: true })
}

async function shot(name, options = {}) {
  // after the toasts have gone
  await waitFor(() => page.locator('.el-message:visible, .van-toast:visible').count(), (n) => n === 0, '', 5000).catch(() => {})
  await page.waitForTimeout(300) // let transitions settle
  await page.screenshot({ path: join(SCREENSHOT_DIR, `contest-${name}.png`), ...options })
}

function text(selector) {
  return page.locator(selector).first().innerText({ timeout: TIMEOUT })
}

/** Polls `read` until `test` holds on its value; fails with the last value. */
const waitFor = (read, test, what, timeout = TIMEOUT) => pollUntil(page, read, test, what, timeout, 200)

const flat = (s) => String(s ?? '').replace(/\s+/g, ' ').trim()

async function vantConfirm(title) {
  const dialog = page.locator('.van-dialog')
  await dialog.locator('.van-dialog__header', { hasText: title }).waitFor({ timeout: TIMEOUT })
    .catch(async () => { throw new Failure(`no "${title}" confirmation; the page shows "${flat(await page.locator('body').innerText()).slice(0, 200)}"`) })
  await dialog.locator('.van-dialog__confirm').click()
}

async function phoneLogin() {
  await page.goto(BASE_URL + '/login')
  await page.locator('input[name="phone"]').waitFor()
  await page.fill('input[name="phone"]', WORKER.phone)
  await page.fill('input[name="password"]', PASSWORD)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => url.pathname === '/')
}

async function openContestsTab() {
  await page.locator('.van-tabbar-item', { hasText: '竞赛' }).click()
  await page.waitForURL(/\/contests$/)
}

/** The contest's card in the worker's list. */
const contestItem = () => page.locator('[data-testid="contest-item"]', { hasText: CONTEST_NAME })

// ---- the run -------------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  console.log(`contest e2e against ${BASE_URL}; screenshots in ${SCREENSHOT_DIR}; contest "${CONTEST_NAME}"`)
  await step('database reachable (trade, paper, answer key, dates)', () => db.connect())

  const setup = await step(`set up through the API: ${ADMIN.city}'s INDIVIDUAL CITY contest, a paper of ${PAPER_SIZE} by hand, published`, async () => {
    const trade = (await db.query('select id from trade where code = $1', [TRADE])).rows[0]?.id
    expect(trade, `no trade ${TRADE} in the database`)
    const worker = (await db.query('select id from account where phone = $1', [WORKER.phone])).rows[0]?.id
    expect(worker, `no demo worker ${WORKER.phone} in the database`)
    const questions = (await db.query(
      `select q.id from question q
         join question_version v on v.question_id = q.id and v.status = 'PUBLISHED' and v.type in ('SINGLE', 'TRUE_FALSE')
        where q.trade_id = $1 and q.pool = 'LEARNING' order by q.id limit ${PAPER_SIZE}`, [trade])).rows.map((r) => Number(r.id))
    expect(questions.length === PAPER_SIZE, `only ${questions.length} published LEARNING questions of ${TRADE}, ${PAPER_SIZE} wanted`)

    const admin = await login(ADMIN.phone)
    const scope = await api('GET', '/api/union/scope', { token: admin })
    expect(scope?.unit?.name === ADMIN.city && scope.unit.kind === 'REGION', `the admin's scope is ${JSON.stringify(scope?.unit)}, not the region ${ADMIN.city}`)
    const now = Date.now()
    const at = (ms) => new Date(now + ms).toISOString()
    const contest = await api('POST', '/api/contests', {
      token: admin,
      body: {
        name: CONTEST_NAME, tier: 'CITY', organiser: `region:${scope.unit.id}`, tradeId: Number(trade), format: 'INDIVIDUAL',
        registrationOpens: at(-HOUR), registrationCloses: at(HOUR), startsAt: at(2 * HOUR), endsAt: at(3 * HOUR),
        durationSeconds: 600, qualifyCount: 3, promoteTop: 0,
      },
    })
    expect(contest?.id, `the contest was not created: ${JSON.stringify(contest)?.slice(0, 200)}`)
    const trainer = await login(TRAINER.phone)
    const withPaper = await api('PUT', `/api/contests/${contest.id}/paper`, { token: trainer, body: { questionIds: questions } })
    expect(withPaper?.paperSize === PAPER_SIZE, `the paper has ${withPaper?.paperSize} questions, ${PAPER_SIZE} were put`)
    const published = await api('POST', `/api/contests/${contest.id}/publish`, { token: admin })
    expect(published?.state === 'REGISTRATION', `the published contest is ${published?.state}, not REGISTRATION`)
    console.log(`     contest ${contest.id} (${ADMIN.city}, region:${scope.unit.id}, trade ${trade}), questions ${questions.join(', ')}`)
    return { id: contest.id, worker: Number(worker) }
  })
  const contestPath = `/contests/${setup.id}`

  // ---- the worker, on a phone ----
  await use(launchPhone)

  await step(`the worker ${WORKER.phone} logs in; 竞赛 lists the new contest, open for registration`, async () => {
    await phoneLogin()
    await openContestsTab()
    await contestItem().waitFor()
    const state = await contestItem().getAttribute('data-state')
    expect(state === 'REGISTRATION', `the contest is listed as ${state}, not REGISTRATION`)
    const card = flat(await contestItem().innerText())
    expect(card.includes('报名中') && card.includes('可报名'), `the card does not say 报名中 / 可报名: "${card}"`)
    await contestItem().scrollIntoViewIfNeeded()
    await shot('01-list')
  })

  await step('the contest: its facts, 立即报名, then 已报名 and the lobby counting down to the start', async () => {
    await contestItem().click()
    await page.waitForURL((url) => url.pathname === contestPath)
    const head = await text('[data-testid="contest-head"]')
    expect(head.includes(CONTEST_NAME) && head.includes('市级') && head.includes('个人赛'), `the head does not show the contest: "${flat(head)}"`)
    // the organiser by name (the worker's ContestView carries organiserName); only noted, the scenario goes on
    const organiser = flat(head).match(/主办：(\S+)/)?.[1]
    if (organiser !== ADMIN.city) console.log(`     ! the head shows the organiser as "${organiser}", not by its name ${ADMIN.city}`)
    expect(head.includes(`共 ${PAPER_SIZE} 题`), `the head does not say 共 ${PAPER_SIZE} 题: "${flat(head)}"`)
    await page.locator('[data-testid="register"]', { hasText: '立即报名' }).click()
    await waitFor(() => text('[data-testid="registration"]'), (t) => t.includes('已报名'), 'the registration is not shown as 已报名')
    expect(await page.locator('[data-testid="register"]').count() === 0, 'the 立即报名 button is still there after registering')
    const lobby = await text('[data-testid="lobby"]')
    expect(lobby.includes('距离开赛'), `the lobby does not count down to the start: "${flat(lobby)}"`)
    const countdown = await waitFor(() => text('[data-testid="lobby-countdown"]'), (t) => /^\d+:\d{2}:\d{2}$/.test(t.trim()),
      'the lobby shows no countdown of about two hours')
    expect(Number(countdown.trim().split(':')[0]) >= 1, `the start is two hours away, the lobby shows ${countdown.trim()}`)
    const { rows } = await db.query('select count(*)::int as n from contest_registration where contest_id = $1 and account_id = $2', [setup.id, setup.worker])
    expect(rows[0].n === 1, `the registration is not in the database (${rows[0].n} rows)`)
    console.log(`     registered; the lobby shows ${countdown.trim()} to the start`)
    await shot('02-lobby')
  })

  const runId = await step(`the start moved ${START_IN_SECONDS} s ahead: the lobby counts down to zero, 开始答题 appears and opens the run`, async () => {
    await openSoon(setup.id)
    await page.reload()
    const countdown = await waitFor(() => text('[data-testid="lobby-countdown"]'), (t) => /^00:[0-2]\d$/.test(t.trim()),
      `the lobby does not count down the last ${START_IN_SECONDS} seconds`)
    console.log(`     after the reload the lobby shows ${countdown.trim()}`)
    const t0 = Date.now()
    const start = page.locator('[data-testid="start"]')
    await start.waitFor({ timeout: (START_IN_SECONDS + 30) * 1000 }).catch(async () => {
      throw new Failure(`no start button ${Math.round((Date.now() - t0) / 1000)} s after the countdown was at ${countdown.trim()}: ` +
        `"${flat(await page.locator('[data-testid="mine"]').innerText().catch(() => ''))}"`)
    })
    console.log(`     开始答题 appeared ${((Date.now() - t0) / 1000).toFixed(1)} s later`)
    const badge = await text('[data-testid="state-badge"]')
    expect(badge.includes('进行中'), `the contest is shown as "${badge}", not 进行中`)
    expect((await start.innerText()).includes('开始答题'), `the start button reads "${await start.innerText()}"`)
    await start.click()
    await vantConfirm('开始答题')
    await page.waitForURL(/\/contests\/\d+\/runs\/\d+$/)
    await page.locator('[data-testid="countdown"]').waitFor()
    return Number(new URL(page.url()).pathname.split('/').pop())
  })

  const key = await step(`read the answer key of run ${runId} from the database`, () => answerKey(setup.id, runId))
  expect(key.count === PAPER_SIZE, `the run has ${key.count} questions, the paper ${PAPER_SIZE}`)

  await step(`answer all ${key.count} questions right and hand in: 已交卷, 100 分`, async () => {
    for (let i = 0; i < key.count; i++) {
      const question = page.locator('.question[data-question-id]')
      await question.waitFor()
      const progress = await text('[data-testid="progress-text"]')
      expect(progress.includes(`第 ${i + 1} / ${key.count} 题`), `expected question ${i + 1} of ${key.count}, the page shows "${progress}"`)
      const id = Number(await question.getAttribute('data-question-id'))
      expect(key.key[id], `question ${id} on the page is not in the run's paper`)
      for (const label of key.key[id]) await question.locator(`button[data-key="${label}"]`).click()
      for (const label of key.key[id]) {
        const checked = await question.locator(`button[data-key="${label}"]`).getAttribute('aria-checked')
        expect(checked === 'true', `option ${label} of question ${id} is not shown as chosen after tapping it`)
      }
      if (i === 0) await shot('03-question')
      await page.locator('[data-testid="next"]').click()
    }
    await vantConfirm('确认交卷')
    await page.waitForURL(/\/contests\/\d+\/runs\/\d+\/result$/)
    const score = await text('[data-testid="run-score"]')
    expect(score.trim() === '100', `expected the score 100, the result shows ${score}`)
    const summary = flat(await text('[data-testid="run-summary"]'))
    expect(summary.includes('已交卷') && summary.includes(`答对 ${key.count} / ${key.count} 题`), `the result does not say all were right: "${summary}"`)
    await shot('04-result')
  })

  await step('排行榜: the live board with my row first', async () => {
    await page.locator('[data-testid="to-board"]').click()
    await page.waitForURL((url) => url.pathname === `${contestPath}/board`)
    await page.locator('[data-testid="board-source"]').waitFor()
    const mine = page.locator('[data-testid="board-people"] li.entry.mine')
    await mine.waitFor().catch(async () => {
      throw new Failure(`my row is not on the board: "${flat(await page.locator('.page').innerText()).slice(0, 300)}"`)
    })
    const row = flat(await mine.innerText())
    expect(row.includes(WORKER.name) && row.includes('100'), `my row does not show ${WORKER.name} with 100: "${row}"`)
    const rank = (await mine.locator('.rank').innerText()).trim()
    expect(rank === '1', `my row is ranked ${rank}, not 1`)
    const pinned = flat(await text('[data-testid="my-rank"]'))
    expect(/第\s*1\s*名/.test(pinned), `the pinned rank does not say 第 1 名: "${pinned}"`)
    await shot('05-board')
  })
  await close()

  // ---- the organiser, in the console ----
  await step('the window moved into the past (ended 10 minutes ago)', () => windowOver(setup.id))
  await use(launchDesktop)

  await step(`the admin ${ADMIN.phone} opens 技能竞赛 in the console: the contest 待定榜 with 定榜 offered`, async () => {
    await page.goto(BASE_URL + '/console/login')
    await page.locator('input[data-testid="phone"], [data-testid="phone"] input').first().fill(ADMIN.phone)
    await page.locator('input[data-testid="password"], [data-testid="password"] input').first().fill(PASSWORD)
    await page.locator('[data-testid="login"]').click()
    await page.waitForURL((url) => url.pathname.startsWith('/console/') && !url.pathname.endsWith('/login'))
    await waitFor(() => page.locator('header').innerText(), (t) => t.includes(ADMIN.name), `the header does not name ${ADMIN.name}`)
    await page.locator('[data-testid="menu"] [data-route="contests"]').click()
    await page.waitForURL((url) => url.pathname.endsWith('/console/contests'))
    const link = page.locator('a[data-test="contest-link"]', { hasText: CONTEST_NAME })
    await link.waitFor()
    await link.click()
    await page.waitForURL((url) => url.pathname.endsWith(`/console/contests/${setup.id}`))
    await waitFor(() => text('[data-test="contest-title"]'), (t) => t.includes(CONTEST_NAME), 'the detail page does not name the contest')
    await waitFor(() => page.locator('.page-head h1').innerText(), (t) => t.includes('待定榜'), 'the contest is not shown as 待定榜')
    const finalise = page.locator('[data-test="action-finalise"]')
    await finalise.waitFor()
    expect(await finalise.isEnabled(), 'the 定榜 button is disabled')
    await shot('06-console-detail')
  })

  await step('定榜, confirmed: 已定榜, the 结果 tab with the worker at place 1', async () => {
    await page.locator('[data-test="action-finalise"]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    const question = flat(await box.innerText())
    expect(question.includes('定榜') && question.includes(CONTEST_NAME), `the confirmation does not ask to finalise the contest: "${question}"`)
    await box.locator('.el-message-box__btns button', { hasText: '定榜' }).click()
    await box.waitFor({ state: 'hidden' })
    await waitFor(() => page.locator('.el-message').first().innerText(), (t) => t.includes('已定榜'), 'no confirmation that the contest was finalised')
    await page.waitForURL((url) => url.searchParams.get('tab') === 'results')
    await waitFor(() => page.locator('.page-head h1').innerText(), (t) => t.includes('已定榜'), 'the contest is not shown as 已定榜')
    const row = page.locator(`tr[data-test="result-row"][data-account="${setup.worker}"]`)
    await row.waitFor().catch(async () => {
      throw new Failure(`the worker is not among the results: "${flat(await page.locator('[data-test="results-tab"]').innerText().catch(() => '')).slice(0, 300)}"`)
    })
    const cells = await row.locator('td').allInnerTexts()
    expect(cells[0]?.trim() === '1', `the worker is placed ${cells[0]}, not 1: ${cells.join(' | ')}`)
    expect(cells[1]?.includes(WORKER.name) && cells[3]?.trim() === '100', `the result row is not ${WORKER.name} with 100: ${cells.join(' | ')}`)
    expect(await row.locator('[data-test="qualified"]').count() === 1, `the worker placed 1 of 3 qualifying is not marked 出线: ${cells.join(' | ')}`)
    const { rows } = await db.query('select finalised_at is not null as final from contest where id = $1 and phase = \'FINAL\'', [setup.id])
    expect(rows[0]?.final, 'the contest is not FINAL in the database')
    await shot('07-console-results')
  })
  await close()

  // ---- the worker again ----
  await use(launchPhone)
  await step('back on the phone: the contest 成绩已公布, my place 第 1 名', async () => {
    await phoneLogin()
    await openContestsTab()
    await contestItem().waitFor()
    const state = await contestItem().getAttribute('data-state')
    expect(state === 'FINAL', `the contest is listed as ${state}, not FINAL`)
    const card = flat(await contestItem().innerText())
    expect(card.includes('我的名次：第 1 名'), `the card does not say 我的名次：第 1 名: "${card}"`)
    await contestItem().click()
    await page.waitForURL((url) => url.pathname === contestPath)
    await waitFor(() => text('[data-testid="state-badge"]'), (t) => t.includes('成绩已公布'), 'the contest is not shown as 成绩已公布')
    const place = flat(await text('[data-testid="my-place"]'))
    expect(place.includes('第 1 名'), `my place is not 第 1 名: "${place}"`)
    expect(await page.locator('[data-testid="lobby"]').count() === 0, 'a lobby is still shown for a final contest')
    await shot('08-final', { fullPage: true })
  })

  expect(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`)
}

await finish(main, {
  name: 'contest-e2e', screenshotDir: SCREENSHOT_DIR, browser: () => current,
  cleanup: async () => {
    for (const b of opened) {
      await b.context.close().catch(() => {})
      if (b.context.profileDir) rmSync(b.context.profileDir, { recursive: true, force: true })
    }
    await db.end()
  },
})

// Browser end-to-end run of the worker app against a running backend with fresh demo data.
//   BASE_URL      where the app is served (default http://localhost:8080)
//   DATABASE_URL  the backend's database, read only for the answer key (default postgres://postgres@127.0.0.1:5432/chuangguan_dev)
//   SCREENSHOT_DIR where the screenshots go (default ../target/screenshots relative to frontend/)
// Exits non-zero with a clear message on the first failed expectation.
import pg from 'pg'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TIMEOUT, expect, finish, launchPhone, shownKeys, step } from './harness.mjs'

const FRONTEND = fileURLToPath(new URL('..', import.meta.url))
const BASE_URL = (process.env.BASE_URL || 'http://localhost:8080').replace(/\/$/, '')
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/chuangguan_dev'
const SCREENSHOT_DIR = resolve(FRONTEND, process.env.SCREENSHOT_DIR || '../target/screenshots')
const PHONE = '13900000001'
const PASSWORD = 'Demo@2026'
const NAME = '王志强'
const LABELS = 'ABCDEFGH'

// ---- the answer key, through the database only (never through the API) ----------------------------------
const db = new pg.Client({ connectionString: DATABASE_URL })

/** question id → the shown labels of its correct options, e.g. { 333: ['D'], 351: ['A', 'C'] } */
async function answerKey(attemptId) {
  const { rows } = await db.query(
    `select aq.question_id, aq.option_order, v.correct_keys
       from attempt a
       cross join lateral unnest(a.question_ids, a.version_ids, a.option_orders) as aq (question_id, version_id, option_order)
       join question_version v on v.id = aq.version_id
      where a.id = $1`,
    [attemptId],
  )
  expect(rows.length > 0, `no paper in the database for attempt ${attemptId}`)
  return { key: shownKeys(rows, LABELS), count: rows.length }
}

// ---- the browser ----------------------------------------------------------------------------------------
let context
let page

async function shot(name) {
  await page.waitForTimeout(300) // let transitions settle
  await page.screenshot({ path: join(SCREENSHOT_DIR, name) })
}

function text(selector) {
  return page.locator(selector).first().innerText({ timeout: TIMEOUT })
}

async function tab(label) {
  await page.locator('.van-tabbar-item', { hasText: label }).click()
}

async function confirmDialog() {
  const button = page.locator('.van-dialog__confirm')
  await button.waitFor({ state: 'visible', timeout: TIMEOUT })
  await button.click()
}

/**
 * Answers the open quiz: `choose(questionId, correctLabels, type, optionCount)` returns the labels to pick.
 * Optionally reloads the page half-way to check the answers survive it. Submits with the confirm dialog; with
 * `offlineSubmit` the network drops as the worker submits and comes back once the app shows it will retry.
 */
async function answerQuiz({ key, count }, choose, { reloadAt = -1, screenshot = null, offlineSubmit = false } = {}) {
  for (let i = 0; i < count; i++) {
    const question = page.locator('.question[data-question-id]')
    await question.waitFor({ timeout: TIMEOUT })
    const progress = await text('[data-testid="progress-text"]')
    expect(progress.includes(`第 ${i + 1} / ${count} 题`), `expected question ${i + 1} of ${count}, the page shows "${progress}"`)
    const id = Number(await question.getAttribute('data-question-id'))
    const type = await question.getAttribute('data-type')
    const optionCount = await question.locator('button[data-key]').count()
    expect(key[id], `question ${id} on the page is not in the attempt's paper`)
    const picks = choose(id, key[id], type, optionCount)
    for (const label of picks) {
      await question.locator(`button[data-key="${label}"]`).click()
    }
    for (const label of picks) {
      const checked = await question.locator(`button[data-key="${label}"]`).getAttribute('aria-checked')
      expect(checked === 'true', `option ${label} of question ${id} is not shown as chosen after tapping it`)
    }
    if (i === 0 && screenshot) await shot(screenshot)
    if (i === reloadAt) {
      await page.reload()
      await page.locator(`.question[data-question-id="${id}"]`).waitFor({ timeout: TIMEOUT })
      for (const label of picks) {
        const checked = await page.locator(`.question button[data-key="${label}"]`).getAttribute('aria-checked')
        expect(checked === 'true', `after a reload the answer ${label} of question ${id} was lost`)
      }
      console.log(`     answers of question ${i + 1} survived a page reload`)
    }
    await page.locator('[data-testid="next"]').click()
  }
  const title = await text('.van-dialog__header')
  expect(title.includes('确认交卷'), `expected the submit confirmation, got "${title}"`)
  if (offlineSubmit) await context.setOffline(true)
  try {
    await confirmDialog()
    if (offlineSubmit) {
      await page.locator('[data-testid="retry-submit"]').waitFor({ timeout: TIMEOUT })
      const shown = await page.locator('body').innerText()
      expect(shown.includes('答案已保存'), `offline, the app does not say the answers are kept: "${shown.slice(0, 200)}"`)
      await shot('04b-submit-offline.png')
      console.log('     offline at submit: the answers are kept and the app will retry')
    }
  } finally {
    if (offlineSubmit) await context.setOffline(false)
  }
  await page.waitForURL(/\/attempts\/\d+\/result$/, { timeout: TIMEOUT })
  await page.locator('[data-testid="result-summary"]').waitFor({ timeout: TIMEOUT })
}

async function attemptIdFromUrl() {
  await page.waitForURL(/\/attempts\/\d+$/, { timeout: TIMEOUT })
  return Number(new URL(page.url()).pathname.split('/').pop())
}

async function main() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  console.log(`e2e against ${BASE_URL}; screenshots in ${SCREENSHOT_DIR}`)
  await step('database reachable for the answer key', () => db.connect())
  const fresh = await db.query(
    `select count(*)::int as n from attempt a join account c on c.id = a.account_id where c.phone = $1`, [PHONE])
  expect(fresh.rows[0].n === 0, `the demo worker ${PHONE} is not fresh (${fresh.rows[0].n} attempts): reset the dev database first`)

  ;({ context, page } = await launchPhone())
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  await step('signed out: the app sends me to the login page', async () => {
    await page.goto(BASE_URL + '/')
    await page.waitForURL(/\/login/)
    await page.locator('input[name="phone"]').waitFor()
    await shot('01-login.png')
  })

  await step('a wrong password is refused in plain Chinese', async () => {
    await page.fill('input[name="phone"]', PHONE)
    await page.fill('input[name="password"]', 'wrong-password')
    await page.locator('button[type="submit"]').click()
    const message = await text('[data-testid="login-error"]')
    expect(message.includes('手机号或密码错误'), `expected "手机号或密码错误", got "${message}"`)
  })

  await step(`log in as the demo worker ${PHONE}: home shows name, trade, grade and 继续闯关`, async () => {
    await page.fill('input[name="password"]', PASSWORD)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => url.pathname === '/')
    await page.locator('[data-testid="continue"]', { hasText: '继续闯关' }).waitFor()
    const body = await page.locator('body').innerText()
    expect(body.includes(NAME), `home does not greet ${NAME}`)
    expect(body.includes('炼钢工'), 'home does not show the trade 炼钢工')
    expect(body.includes('暂无等级'), 'home does not show that the worker has no grade yet')
    expect(body.includes('继续闯关'), 'home has no 继续闯关 button')
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('cg.auth') || 'null'))
    expect(stored?.accessToken && stored?.refreshToken, 'the token pair is not kept in localStorage')
    await page.waitForFunction(() => document.querySelector('[data-testid="home-week"]')?.innerText.includes('本周积分'))
    await page.waitForFunction(() => !document.querySelector('[data-testid="next-level"]')?.innerText.includes('暂无'))
    await shot('02-home.png')
  })

  const firstLevel = await step('the level map: level 1 open, level 2 locked, exam levels marked', async () => {
    await tab('闯关')
    await page.waitForURL(/\/map/)
    await page.locator('[data-level-id]').first().waitFor()
    const levels = await page.locator('[data-level-id]').evaluateAll((nodes) =>
      nodes.map((n) => ({ id: Number(n.dataset.levelId), status: n.dataset.status, exam: n.classList.contains('exam') })))
    expect(levels.length >= 2, `expected the trade's levels, found ${levels.length}`)
    expect(levels[0].status === 'OPEN', `level 1 should be OPEN, is ${levels[0].status}`)
    expect(levels[1].status === 'LOCKED', `level 2 should be LOCKED, is ${levels[1].status}`)
    expect(levels.some((l) => l.exam), 'no exam level is marked on the map')
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot('03-map.png')
    return levels[0]
  })

  const passMark = await step('level 1 sheet shows its pass mark and the challenge/practice buttons', async () => {
    await page.locator(`[data-level-id="${firstLevel.id}"]`).click()
    const sheet = page.locator('[data-testid="level-sheet"]')
    await sheet.waitFor()
    const facts = await sheet.locator('.facts li').allInnerTexts()
    const passFact = facts.find((f) => f.includes('及格分'))
    expect(passFact, 'the level sheet does not show the pass mark')
    expect(await sheet.locator('[data-testid="start-practice"]').isVisible(), 'no practice entry on the level')
    return Number(passFact.match(/\d+/)[0])
  })

  const challengeId = await step('start the CHALLENGE: one question per screen, countdown running', async () => {
    await page.locator('[data-testid="start-challenge"]').click()
    const id = await attemptIdFromUrl()
    await page.locator('[data-testid="countdown"]').waitFor()
    const timer = await text('[data-testid="countdown"]')
    expect(/\d{2}:\d{2}/.test(timer), `no countdown shown, got "${timer}"`)
    return id
  })

  const challengeKey = await step(`read the answer key of attempt ${challengeId} from the database`, () => answerKey(challengeId))

  await step(`answer all ${challengeKey.count} questions correctly (pass mark ${passMark}), reloading half-way, and submit`, async () => {
    expect(100 >= passMark, 'pass mark above 100')
    await answerQuiz(challengeKey, (id, correct) => correct, { reloadAt: 1, screenshot: '04-question.png' })
  })

  await step('the result: passed, 100 points, stars, points earned, ranks, review with explanations', async () => {
    const summary = await text('[data-testid="result-summary"]')
    expect(summary.includes('恭喜过关'), `the result does not say passed: "${summary}"`)
    const score = await text('[data-testid="score"]')
    expect(score === '100', `expected score 100, got ${score}`)
    const points = await text('[data-testid="points"]')
    expect(points === '+100', `expected +100 points earned, got ${points}`)
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-testid="ranks"]')?.innerText ?? ''
      return t.includes('第') || t.includes('排名正在更新')
    })
    const reviews = await page.locator('.review-item').count()
    expect(reviews === challengeKey.count, `expected ${challengeKey.count} reviewed questions, got ${reviews}`)
    const explained = await page.locator('.review-item .explain').count()
    expect(explained > 0, 'no explanation in the review')
    expect(await page.locator('[data-testid="next-level"]').isVisible(), 'no 下一关 button after passing')
    await shot('05-result.png')
  })

  await step('下一关 opens the map: level 1 passed with stars, level 2 unlocked', async () => {
    await page.locator('[data-testid="next-level"]').click()
    await page.waitForURL(/\/map\?level=\d+/)
    await page.locator('[data-testid="level-sheet"]').waitFor()
    const sheet = await text('[data-testid="level-sheet"]')
    expect(sheet.includes('开始闯关'), 'the next level cannot be started from its sheet')
    const states = await page.locator('[data-level-id]').evaluateAll((nodes) => nodes.slice(0, 2).map((n) => n.dataset.status))
    expect(states[0] === 'PASSED', `level 1 should be PASSED, is ${states[0]}`)
    expect(states[1] === 'OPEN', `level 2 should be OPEN, is ${states[1]}`)
    const stars = await page.locator(`[data-level-id="${firstLevel.id}"] .stars`).getAttribute('aria-label')
    expect(stars === '3 星', `level 1 should show 3 stars, shows ${stars}`)
    await page.keyboard.press('Escape')
    await page.locator('.van-popup__close-icon').click().catch(() => {})
    await page.waitForURL((url) => !url.search.includes('level='))
    await shot('03b-map-after-pass.png')
  })

  await step('practise level 1 (练习) with one wrong answer, submitted as the network drops: retried once it is back, counted once, no points', async () => {
    await page.locator(`[data-level-id="${firstLevel.id}"]`).click()
    await page.locator('[data-testid="start-practice"]').click()
    const id = await attemptIdFromUrl()
    const key = await answerKey(id)
    let wrongDone = false
    await answerQuiz(key, (qid, correct, type, optionCount) => {
      if (wrongDone) return correct
      wrongDone = true
      const wrong = [...LABELS.slice(0, optionCount)].find((l) => !correct.includes(l))
      return [wrong]
    }, { offlineSubmit: true })
    const { rows } = await db.query('select status from attempt where id = $1', [id])
    expect(rows[0]?.status === 'SUBMITTED', `the practice is ${rows[0]?.status} in the database, not SUBMITTED`)
    const summary = await text('[data-testid="result-summary"]')
    expect(summary.includes('练习不计积分'), 'the practice result does not say it earns no points')
    const wrongShown = await page.locator('.review-item[data-correct="false"]').count()
    expect(wrongShown === 1, `expected one wrong answer in the review, got ${wrongShown}`)
  })

  await step('the leaderboard: my row on the board and pinned with my rank', async () => {
    await page.locator('.van-nav-bar__left').click()
    await page.waitForURL(/\/map/)
    await tab('排行')
    await page.waitForURL(/\/leaderboard/)
    await page.locator('li.entry.mine').waitFor()
    const mine = await text('li.entry.mine')
    expect(mine.includes(NAME), `my row does not name me: "${mine}"`)
    await page.waitForFunction(() => /第\s*\d+\s*名/.test(document.querySelector('[data-testid="my-rank"]')?.innerText ?? ''))
    const pinned = await text('[data-testid="my-rank"]')
    expect(pinned.includes('100'), `my pinned row should show 100 points: "${pinned}"`)
    await shot('06-leaderboard.png')
  })

  await step('the wrong-answer book lists the wrong answer by knowledge point', async () => {
    await tab('我的')
    await page.waitForURL(/\/me$/)
    await page.locator('.van-cell', { hasText: '错题本' }).click()
    await page.waitForURL(/\/wrong-book/)
    await page.locator('[data-testid="wrong-item"]').first().waitFor()
    const total = await text('[data-testid="wrong-total"]')
    expect(Number(total) === 1, `expected 1 wrong answer, the book shows ${total}`)
    expect(await page.locator('.group[data-kp]').count() >= 1, 'no knowledge point group')
    expect(await page.locator('[data-testid="practise-all"]').isVisible(), 'no button to practise the wrong answers')
    await shot('07-wrong-book.png')
  })

  await step('my grade: no grade yet, the checklist for 初级工, no application possible yet', async () => {
    await page.goBack()
    await page.waitForURL(/\/me$/)
    await page.locator('.van-cell', { hasText: '我的等级' }).click()
    await page.waitForURL(/\/grade/)
    await page.locator('[data-testid="eligibility"] .checklist li').first().waitFor()
    const current = await text('[data-testid="current-grade"]')
    expect(current.includes('暂无等级'), `expected 暂无等级, got "${current}"`)
    const checklist = await text('[data-testid="eligibility"]')
    expect(checklist.includes('初级工'), `the checklist is not for 初级工: "${checklist}"`)
    expect(await page.locator('[data-testid="apply"]').isDisabled(), 'the apply button should be disabled')
    await shot('08-grade.png')
  })

  await step('PWA: the service worker serves the app shell on a reload without network', async () => {
    const active = await page.evaluate(async () => {
      if (!('serviceWorker' in navigator)) return 'unsupported'
      const reg = await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(() => r(null), 10000))])
      return reg?.active ? reg.active.scriptURL : 'none'
    })
    expect(active.endsWith('/sw.js'), `no active service worker (${active})`)
    // the backend's own pages are never answered by the service worker (nor by the SPA)
    const verify = await page.goto(BASE_URL + '/verify/E2E-UNKNOWN-CODE')
    expect(!verify.fromServiceWorker(), '/verify was answered by the service worker')
    const verifyText = await page.locator('body').innerText()
    expect(!verifyText.includes('页面不存在或已被移走'), '/verify was answered by the app instead of the backend')
    await page.goto(BASE_URL + '/grade')
    await page.locator('[data-testid="current-grade"]').waitFor()
    await context.setOffline(true)
    try {
      await page.reload()
      await page.locator('.van-nav-bar__title', { hasText: '我的等级' }).waitFor()
      const body = await page.locator('body').innerText()
      expect(body.includes('网络'), 'offline, the shell does not say that the network is down')
    } finally {
      await context.setOffline(false)
    }
  })

  await step('log out: back on the login page, the session forgotten', async () => {
    await page.goto(BASE_URL + '/me')
    await page.locator('[data-testid="logout"]').click()
    await confirmDialog()
    await page.waitForURL(/\/login/)
    const stored = await page.evaluate(() => localStorage.getItem('cg.auth'))
    expect(stored === null, 'the tokens are still in localStorage after logout')
    await page.goto(BASE_URL + '/map')
    await page.waitForURL(/\/login/)
  })

  expect(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`)
}

await finish(main, { name: 'e2e', screenshotDir: SCREENSHOT_DIR, browser: () => context && { context, page },
  cleanup: () => db.end() })

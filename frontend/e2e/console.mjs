// Browser end-to-end run of the trainers' console (desktop, 1440×900) against a running backend with demo data:
// a trainer creates a knowledge point, imports a sheet with an error (preview, error report), imports the fixed
// sheet into review, finds the questions in the bank; a second trainer approves them and previews a sample paper
// of a level drawing them (unsaved), then discards the draft. Nothing of the level map is saved.
//   BASE_URL          where the console is served (default http://localhost:8080; /console/ below it)
//   SCREENSHOT_DIR    where the screenshots go (default ../target/screenshots relative to frontend/)
//   SHEET_WITH_ERROR  an .xlsx with three questions, the second (row 3) with an answer not among its options
//   SHEET_FIXED       the same three questions, fixed
//   KNOWLEDGE_POINT   a knowledge point the run creates (new for each run) and the sheets' questions carry
//   TAG               a text found in the three stems (new for each run: imported stems are refused as duplicates)
// The sheets come from ConsoleSheets (src/test/java/io/chuangguan/frontend/ConsoleSheets.java).
// Exits non-zero with a clear message on the first failed expectation.
import { existsSync, mkdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Failure, TIMEOUT, expect, finish, launchDesktop, step } from './harness.mjs'

const FRONTEND = fileURLToPath(new URL('..', import.meta.url))
const BASE_URL = (process.env.BASE_URL || 'http://localhost:8080').replace(/\/$/, '')
const SCREENSHOT_DIR = resolve(FRONTEND, process.env.SCREENSHOT_DIR || '../target/screenshots')
const PASSWORD = 'Demo@2026'
const AUTHOR = { phone: '13900000002', name: '李秀英' }
const REVIEWER = { phone: '13900000006', name: '赵建国' }
const TRADE = '炼钢工'

function required(name) {
  const value = process.env[name]
  if (!value) {
    console.error(`${name} is not set. Make the sheets with ConsoleSheets (see the top of e2e/console.mjs), e.g.\n` +
      '  TAG=e2e$RANDOM KNOWLEDGE_POINT=炉前操作$RANDOM; java -cp "target/quarkus-app/lib/main/*" ' +
      'src/test/java/io/chuangguan/frontend/ConsoleSheets.java /tmp/sheets-$TAG "$KNOWLEDGE_POINT" "$TAG"\n' +
      '  SHEET_WITH_ERROR=/tmp/sheets-$TAG/questions-with-an-error.xlsx SHEET_FIXED=/tmp/sheets-$TAG/questions-fixed.xlsx')
    process.exit(2)
  }
  return value
}
const SHEET_WITH_ERROR = resolve(required('SHEET_WITH_ERROR'))
const SHEET_FIXED = resolve(required('SHEET_FIXED'))
const KNOWLEDGE_POINT = required('KNOWLEDGE_POINT')
const TAG = required('TAG')
for (const sheet of [SHEET_WITH_ERROR, SHEET_FIXED]) {
  if (!existsSync(sheet)) {
    console.error(`no such sheet: ${sheet}`)
    process.exit(2)
  }
}

let context
let page
let shots = 0
const downloads = mkdtempSync(join(tmpdir(), 'cg-e2e-downloads-'))

/** console-NN-name.png, numbered in the order taken. */
async function shot(name) {
  await page.waitForTimeout(300) // let transitions settle
  shots++
  await page.screenshot({ path: join(SCREENSHOT_DIR, `console-${String(shots).padStart(2, '0')}-${name}.png`) })
}

/** The <input> of an Element Plus field marked data-testid (the attribute lands on the input or on a wrapper). */
const input = (testid, scope = page) => scope.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first()

const text = (selector) => page.locator(selector).first().innerText({ timeout: TIMEOUT })

/** Waits until the element's text satisfies `test`; fails with what it showed last. */
async function waitForText(locator, test, what) {
  const deadline = Date.now() + TIMEOUT
  let last = ''
  while (Date.now() < deadline) {
    last = (await locator.innerText().catch(() => '')) ?? ''
    if (test(last)) return last
    await page.waitForTimeout(150)
  }
  throw new Failure(`${what}; the page shows "${last.replace(/\s+/g, ' ').slice(0, 300)}"`)
}

/** Clicks the confirm button of the Element Plus message box that asks before an action. */
async function confirmBox(label) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.locator('.el-message-box__btns button', { hasText: label }).click()
  await box.waitFor({ state: 'hidden' })
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The option named `label` in the select's open dropdown (Element Plus renders it in a popper at the end of the body). */
async function chooseOption(label) {
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${escape(label)}\\s*$`) }).first().click()
}

async function openMenu(route, urlPart) {
  await page.locator(`[data-testid="menu"] [data-route="${route}"]`).click()
  await page.waitForURL((url) => url.pathname.endsWith(urlPart))
}

async function logIn(account) {
  await page.goto(BASE_URL + '/console/')
  await page.waitForURL(/\/console\/login/)
  await input('phone').fill(account.phone)
  await input('password').fill(PASSWORD)
  await page.locator('[data-testid="login"]').click()
  await page.waitForURL((url) => url.pathname.startsWith('/console/') && !url.pathname.startsWith('/console/login'))
  await waitForText(page.locator('header'), (t) => t.includes(account.name), `the header does not name ${account.name}`)
}

/** The trade in the header's selector: 炼钢工 (a trainer's first trade is another of the steel industry). */
async function chooseTrade(name) {
  const selector = page.locator('[data-testid="trade-selector"]')
  if ((await selector.innerText()).includes(name) || (await input('trade-selector').inputValue().catch(() => '')) === name) return
  await selector.click()
  await chooseOption(name)
  await waitForText(page.locator('.page-head h1'), (t) => t.includes(name), `the page is not for ${name} after choosing it`)
}

async function logOut() {
  await page.locator('[data-testid="logout"]').click()
  await page.waitForURL(/\/console\/login/)
  const stored = await page.evaluate(() => localStorage.getItem('cg.console.auth'))
  expect(stored === null, 'the console session is still in localStorage after logging out')
}

/** The rows of an Element Plus table marked data-testid. */
const rows = (testid) => page.locator(`[data-testid="${testid}"] .el-table__body tr.el-table__row`)

/** Waits until the table shows exactly the rows that contain `tag` and `count` of them (the list before a search
 *  may show them too, among others); returns their texts. */
async function waitForTaggedRows(testid, tag, count, what) {
  const deadline = Date.now() + TIMEOUT
  let shown = []
  while (Date.now() < deadline) {
    shown = await rows(testid).allInnerTexts()
    if (shown.length === count && shown.every((r) => r.includes(tag))) return shown
    await page.waitForTimeout(150)
  }
  throw new Failure(`${what}: ${shown.length} rows, ${shown.filter((r) => r.includes(tag)).length} of them with ${tag}`)
}

async function main() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  console.log(`console e2e against ${BASE_URL}; TAG ${TAG}, knowledge point ${KNOWLEDGE_POINT}; screenshots in ${SCREENSHOT_DIR}`)
  ;({ context, page } = await launchDesktop())
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  await step(`log in at /console/ as the trainer ${AUTHOR.phone}`, async () => {
    await page.goto(BASE_URL + '/console/')
    await page.waitForURL(/\/console\/login/)
    await page.locator('[data-testid="login"]').waitFor()
    await shot('login')
    await logIn(AUTHOR)
    await chooseTrade(TRADE)
  })

  await step(`知识点: create "${KNOWLEDGE_POINT}" for ${TRADE}`, async () => {
    await openMenu('knowledge-points', '/knowledge-points')
    await rows('points-table').first().waitFor()
    await input('new-point').fill(KNOWLEDGE_POINT)
    await page.locator('[data-testid="create-point"]').click()
    const row = rows('points-table').filter({ hasText: KNOWLEDGE_POINT })
    await row.first().waitFor()
    expect(await row.count() === 1, `expected one row named ${KNOWLEDGE_POINT}, found ${await row.count()}`)
    await row.first().scrollIntoViewIfNeeded()
    await shot('knowledge-point')
  })

  await step('导入: the sheet with an error previews 2 valid rows and an error on 答案 in row 3', async () => {
    await openMenu('import', '/import')
    await page.locator('input[type="file"]').setInputFiles(SHEET_WITH_ERROR)
    const preview = page.locator('[data-testid="import-preview"]')
    await preview.waitFor()
    const valid = await text('[data-testid="valid-count"]')
    const invalid = await text('[data-testid="invalid-count"]')
    expect(valid === '有效 2 行', `expected "有效 2 行", got "${valid}"`)
    expect(invalid === '有问题 1 行', `expected "有问题 1 行", got "${invalid}"`)
    const errors = preview.locator('ul.errors')
    expect(await errors.count() === 1, `expected errors on one row, found ${await errors.count()}`)
    const row = await errors.first().getAttribute('data-row')
    expect(row === '3', `the error is on row ${row}, expected row 3`)
    const message = await errors.first().innerText()
    expect(message.startsWith('答案'), `the error of row 3 is not about 答案: "${message}"`)
    console.log(`     row 3: ${message.replace(/\s+/g, ' ')}`)
    await shot('import-error')
  })

  await step('the error report downloads as an .xlsx', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="error-report"]').click()])
    const name = download.suggestedFilename()
    const path = join(downloads, 'report.xlsx')
    await download.saveAs(path)
    const bytes = readFileSync(path)
    expect(name.endsWith('.xlsx'), `the error report is named "${name}", not .xlsx`)
    expect(bytes.length > 0 && bytes.subarray(0, 2).toString() === 'PK', `the error report "${name}" is not an xlsx (${bytes.length} bytes)`)
    console.log(`     downloaded "${name}" (${bytes.length} bytes)`)
  })

  const refs = await step('the fixed sheet: 3 valid rows, imported into review, the result lists the 3 questions', async () => {
    await page.locator('input[type="file"]').setInputFiles(SHEET_FIXED)
    await waitForText(page.locator('[data-testid="invalid-count"]'), (t) => t === '有问题 0 行', 'the fixed sheet still has rows with problems')
    const valid = await text('[data-testid="valid-count"]')
    expect(valid === '有效 3 行', `expected "有效 3 行", got "${valid}"`)
    expect(await page.locator('[data-testid="error-report"]').count() === 0, 'the error report is offered for a sheet without errors')
    await shot('import-fixed')
    await page.locator('[data-testid="import-submit"]').click()
    await confirmBox('导入并提交审核')
    const result = page.locator('[data-testid="import-result"]')
    await result.waitFor()
    const title = await result.innerText()
    expect(title.includes('已导入 3 道题并提交审核'), `the result does not say 3 were imported into review: "${title.slice(0, 200)}"`)
    const links = await result.locator('[data-testid="imported-question"]').allInnerTexts()
    expect(links.length === 3, `the result lists ${links.length} questions, expected 3`)
    expect(links.every((l) => l && !l.includes('#')), `the result's links do not show the questions' refs: ${links.join(', ')}`)
    await shot('import-result')
    return links
  })

  await step(`题库: filtered by "${TAG}", the 3 questions are 审核中`, async () => {
    await openMenu('questions', '/questions')
    await rows('question-table').first().waitFor()
    await shot('questions')
    await input('filter-q').fill(TAG)
    await page.locator('[data-testid="search"]').click()
    await page.waitForURL((url) => url.searchParams.get('q') === TAG)
    const shown = await waitForTaggedRows('question-table', TAG, 3, `the list filtered by ${TAG} does not show its 3 questions`)
    expect(shown.every((r) => r.includes('审核中')), `not all 3 are 审核中: ${shown.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`)
    for (const ref of refs) expect(shown.some((r) => r.includes(ref)), `question ${ref} of the import is not in the list`)
    await shot('questions-in-review')
  })

  await step('log out', logOut)

  await step(`log in as the second trainer ${REVIEWER.phone}; 审核 shows the 3 questions`, async () => {
    await logIn(REVIEWER)
    await chooseTrade(TRADE)
    await openMenu('review', '/review')
    await input('review-q').fill(TAG)
    await page.locator('[data-testid="review-search"]').click()
    await waitForTaggedRows('review-table', TAG, 3, `the review queue searched for ${TAG} does not show its 3 questions`)
    expect(await page.locator('[data-testid="own-version"]').count() === 0, 'the second trainer is told they wrote these questions')
    await shot('review')
  })

  await step('approve all 3 (batch 通过): the queue is empty', async () => {
    await page.locator('[data-testid="review-table"] .el-table__header .el-checkbox').click()
    const approve = page.locator('[data-testid="batch-approve"]')
    await waitForText(approve, (t) => t.includes('（3）'), 'the 通过 button does not count 3 selected')
    await approve.click()
    await confirmBox('通过')
    await waitForText(page.locator('.el-message'), (t) => t.includes('已通过 3 道题'), 'no confirmation that 3 were approved')
    expect(await page.locator('[data-testid="review-failures"]').count() === 0, 'some approvals failed')
    await waitForText(page.locator('[data-testid="review-table"]'), (t) => t.includes('没有待审核的题目'), 'the approved questions are still in the queue')
    await shot('review-approved')
  })

  await step(`关卡地图: a grade-5 level draws 3 of "${KNOWLEDGE_POINT}" (unsaved), its sample paper shows the 3 stems`, async () => {
    await openMenu('level-map', '/level-map')
    const level = page.locator('[data-testid="level"][data-grade="5"][data-exam="false"]').first()
    await level.waitFor()
    const name = await input('level-name', level).inputValue()
    await level.locator('[data-testid="add-part"]').click()
    const part = level.locator('[data-testid="part"]').last()
    await part.locator('[data-testid="part-points"]').click()
    await page.keyboard.type(KNOWLEDGE_POINT)
    await chooseOption(KNOWLEDGE_POINT)
    await page.keyboard.press('Escape')
    await waitForText(part.locator('[data-testid="part-points"]'), (t) => t.includes(KNOWLEDGE_POINT), 'the knowledge point is not in the new rule')
    await input('part-count', part).fill('3')
    await input('part-count', part).press('Tab')
    // the rules may not draw more than the level's question count: make room for the 3
    const counts = await level.locator('[data-testid="part-count"] input').evaluateAll((inputs) => inputs.map((i) => Number(i.value)))
    const total = counts.reduce((a, b) => a + b, 0)
    const questionCount = Number(await input('level-count', level).inputValue())
    if (total > questionCount) {
      await input('level-count', level).fill(String(total))
      await input('level-count', level).press('Tab')
    }
    await page.locator('.page-head h1').click() // leaves the last field
    // counted as edited, unsaved: the 3 questions just published
    await waitForText(part.locator('[data-testid="part-availability"]'), (t) => t.includes('可用 3 / 需要 3'), 'the new rule does not say 可用 3 / 需要 3')
    expect(await level.locator('[data-testid="draw-rule-error"]').count() === 0, 'the level shows a draw-rule error')
    expect(await page.locator('[data-testid="unsaved"]').isVisible(), 'the map does not say it has unsaved changes')
    await level.scrollIntoViewIfNeeded()
    await shot('level-map')
    console.log(`     level "${name}": rules ${counts.join('+')}, ${Math.max(total, questionCount)} questions`)

    await level.locator('[data-testid="preview"]').click()
    const dialog = page.locator('.el-dialog:visible', { has: page.locator('[data-testid="sample-table"]') })
    await dialog.waitFor()
    // the tag is in the stems and in the knowledge point's name: count the stems
    await waitForText(dialog, (t) => (t.match(new RegExp('【' + TAG + '】', 'g')) ?? []).length === 3, `the sample paper does not show the 3 stems of ${TAG}`)
    const stems = await dialog.locator('[data-testid="sample-stem"]').allInnerTexts()
    expect(stems.filter((s) => s.includes(TAG)).length === 3, `expected 3 stems with ${TAG}, got ${stems.filter((s) => s.includes(TAG)).length}`)
    await shot('sample-paper')
    await dialog.locator('.el-dialog__footer button', { hasText: '关闭' }).click()
    await dialog.waitFor({ state: 'hidden' })
  })

  await step('discard: nothing saved, the published map is back', async () => {
    const discard = page.locator('[data-testid="discard"]')
    // the unsaved changes, then a draft left by an earlier run (if any)
    for (let i = 0; i < 2 && (await discard.isEnabled()); i++) {
      await discard.click()
      await confirmBox('放弃')
      await page.waitForTimeout(300)
    }
    await waitForText(page.locator('[data-testid="map-status"]'), (t) => t.includes('已发布') && !t.includes('未保存'), 'the map is not back to the published one')
    expect(await page.locator('[data-testid="unsaved"]').count() === 0, 'the map still has unsaved changes')
    const status = await page.evaluate(async () => {
      const auth = JSON.parse(localStorage.getItem('cg.console.auth'))
      const trade = new URL(location.href).searchParams.get('trade')
      const map = await (await fetch(`/api/trades/${trade}/level-map`, { headers: { Authorization: 'Bearer ' + auth.accessToken } })).json()
      return map.draft
    })
    expect(status === false, 'the backend still has a draft of the level map')
    await shot('level-map-discarded')
    // where the bank is short of a level's needs (the demo bank is, for the higher grades), the editor says so
    const short = page.locator('[data-testid="level"]', { has: page.locator('[data-short="true"]') })
    if (await short.count()) {
      const warning = await short.first().locator('[data-short="true"]').first().innerText()
      expect(warning.includes('题目不足'), `a short rule is not flagged 题目不足: "${warning}"`)
      await short.first().evaluate((e) => e.scrollIntoView({ block: 'start' }))
      await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 8000 }).catch(() => {})
      await shot('level-map-availability')
    }
  })

  await step('log out', async () => {
    await logOut()
    await shot('logged-out')
  })

  expect(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`)
}

await finish(main, { name: 'console-e2e', screenshotDir: SCREENSHOT_DIR, browser: () => context && { context, page },
  cleanup: async () => rmSync(downloads, { recursive: true, force: true }) })

// Browser end-to-end run of the union's console (desktop, 1440×900) against a running backend with demo data, as
// the union admin of 济南市: the overview's key figures and the ranking of the city's units in a quarter; a drill
// from the city to its most active county, to that county's most active enterprise (its teams), to a team's
// workers, with the breadcrumb (山东省 above the scope, not a link); a target set for the county through the form and
// listed with its status; the city's breakdown exported as an .xlsx; the monthly report opened in its own window; the
// coverage and weak-point pages. Repeatable: the target is the only thing it writes, one more each run (kept: the
// backend's browser test counts it), told apart from earlier runs' by a value drawn at random.
//   BASE_URL          where the console is served (default http://localhost:8080; /console/ below it)
//   SCREENSHOT_DIR    where the screenshots go (default ../target/screenshots relative to frontend/)
// Exits non-zero with a clear message on the first failed expectation.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Failure, TIMEOUT, expect, finish, launchDesktop, pollUntil, step } from './harness.mjs'

const FRONTEND = fileURLToPath(new URL('..', import.meta.url))
const BASE_URL = (process.env.BASE_URL || 'http://localhost:8080').replace(/\/$/, '')
const SCREENSHOT_DIR = resolve(FRONTEND, process.env.SCREENSHOT_DIR || '../target/screenshots')
const PASSWORD = 'Demo@2026'
const ADMIN = { phone: '13900000003', name: '刘卫东', city: '济南市' }
const PROVINCE = '山东省'
/** A quarter younger than this has too little practice to drill into: the previous one is looked at instead. */
const MIN_QUARTER_DAYS = 30

let context
let page
const downloads = mkdtempSync(join(tmpdir(), 'cg-e2e-downloads-'))

/** name.png; after the toasts have gone and the transitions (a chart's: a second) have ended. */
async function shot(name, target = page, options = {}) {
  await target.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 8000 }).catch(() => {})
  const charts = await target.locator('[_echarts_instance_]').count()
  await target.waitForTimeout(charts ? 1200 : 300)
  await target.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), ...options })
}

/** The <input> of an Element Plus field marked data-test / data-testid (on the input or on a wrapper). */
const input = (hook, attr = 'data-test') => page.locator(`input[${attr}="${hook}"], [${attr}="${hook}"] input`).first()

/** Waits until the element's text satisfies `test`; fails with what it showed last. */
async function waitForText(locator, test, what) {
  const deadline = Date.now() + TIMEOUT
  let last = ''
  while (Date.now() < deadline) {
    last = (await locator.innerText({ timeout: 1000 }).catch(() => '')) ?? ''
    if (test(last)) return last
    await page.waitForTimeout(150)
  }
  throw new Failure(`${what}; the page shows "${last.replace(/\s+/g, ' ').slice(0, 300)}"`)
}

/** Polls `read` until `test` holds on its value; fails with the last value. */
const waitFor = (read, test, what, timeout = TIMEOUT) => pollUntil(page, read, test, what, timeout, 150)

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Clicks the option whose text starts with `label` in the open Element Plus dropdown. */
async function chooseOption(label) {
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${escape(label)}`) }).first().click()
}

/**
 * Chooses `label` in the Element Plus select marked data-test=`hook`. A click on an option that has only just
 * appeared (the units are loaded as the form opens) may go unheard: the choice is checked and made again.
 */
async function select(hook, label) {
  const field = page.locator(`[data-test="${hook}"]`)
  const options = page.locator('.el-select-dropdown__item:visible')
  const closed = () => waitFor(() => options.count(), (n) => n === 0, 'a dropdown stays open')
  for (let attempt = 1; ; attempt++) {
    await closed()
    await field.click()
    await waitFor(() => options.count(), (n) => n > 0, `the select ${hook} offers nothing`)
    await chooseOption(label)
    const chosen = await waitFor(() => field.innerText(), (t) => t.includes(label), '', 2000).catch(() => null)
    if (chosen) return closed()
    if (attempt === 3) throw new Failure(`${label} cannot be chosen in ${hook}: it shows "${await field.innerText()}"`)
    console.log(`     (${label} not taken by ${hook} at attempt ${attempt}: again)`)
    await page.keyboard.press('Escape')
  }
}

async function openMenu(route, urlPart) {
  await page.locator(`[data-testid="menu"] [data-route="${route}"]`).click()
  await page.waitForURL((url) => url.pathname.endsWith(urlPart))
}

const number = (text) => {
  const n = Number(String(text).replace(/[,\s]/g, ''))
  return Number.isFinite(n) ? n : NaN
}

/** The rows of a DataTable (data-test=`test`) as { unit, name, cells }: unit from the drill link or the row. */
function tableRows(test) {
  return page.locator(`tr[data-test="${test}"]`).evaluateAll((rows) => rows.map((tr) => {
    const link = tr.querySelector('a[data-test="drill"]')
    return {
      unit: link?.getAttribute('data-unit') || tr.getAttribute('data-unit') || null,
      linked: !!link,
      cells: [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()),
    }
  }))
}

/** The breadcrumb: every entry's text, and the clickable ones (data-test=crumb) with their units. */
async function breadcrumb() {
  const bar = page.locator('[data-test="breadcrumb"]')
  const entries = (await bar.locator('.el-breadcrumb__inner').allInnerTexts()).map((t) => t.trim())
  const crumbs = await bar.locator('[data-test="crumb"]').evaluateAll((bs) => bs.map((b) => ({ name: b.innerText.trim(), unit: b.dataset.unit })))
  return { entries, crumbs }
}

/** Checks the breadcrumb reads 山东省 / 济南市 / …names, 山东省 not clickable, the others (but the last) links. */
async function expectBreadcrumb(names) {
  const want = [PROVINCE, ADMIN.city, ...names]
  const crumb = await waitFor(breadcrumb, (b) => b.entries.join('/') === want.join('/'), `the breadcrumb does not read ${want.join(' / ')}`)
  expect(!crumb.crumbs.some((c) => c.name === PROVINCE), `${PROVINCE} is clickable in the breadcrumb (above the admin's scope)`)
  const clickable = crumb.crumbs.map((c) => c.name)
  expect(clickable.join('/') === want.slice(1, -1).join('/'),
    `the breadcrumb's links are ${clickable.join(' / ') || 'none'}, expected ${want.slice(1, -1).join(' / ')}`)
  return crumb
}

// ---- dates (Beijing time, as the console and the API count them) ----

const todayInBeijing = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())

/** The quarter of a day: { start, end, label ("2026年第4季度"), days elapsed up to the day }. */
function quarterOf(day) {
  const [y, m] = day.split('-').map(Number)
  const q = Math.floor((m - 1) / 3) + 1
  const start = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`
  const end = new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10)
  const elapsed = Math.round((Date.parse(day) - Date.parse(start)) / 86400000) + 1
  return { start, end, label: `${y}年第${q}季度`, elapsed }
}

const previousQuarter = (q) => quarterOf(new Date(Date.parse(q.start) - 86400000).toISOString().slice(0, 10))

/**
 * Sets the Element Plus date picker of the form item labelled `label` (value-format YYYY-MM-DD) by typing the day.
 * (ElDatePicker hands its attributes to its popper's tooltip, which renders none: data-test="target-starts" and the
 * like never reach the page, hence the label.)
 */
async function typeDate(label, day) {
  const field = page.locator('.el-form-item', { has: page.locator('.el-form-item__label', { hasText: label }) }).locator('.el-date-editor input')
  await field.click()
  await field.press('ControlOrMeta+a')
  await field.fill(day)
  await field.press('Enter') // takes the typed day and closes the calendar (Escape would close the dialog too)
  await waitFor(() => field.inputValue(), (v) => v === day, `the date picker ${label} does not show ${day}`)
}

// ---- the run ----

async function main() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  console.log(`union e2e against ${BASE_URL}; screenshots in ${SCREENSHOT_DIR}`)
  ;({ context, page } = await launchDesktop())
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  const today = todayInBeijing()
  const thisQuarter = quarterOf(today)
  // early in a quarter, its figures are thin: the previous quarter then
  const quarter = thisQuarter.elapsed >= MIN_QUARTER_DAYS ? thisQuarter : previousQuarter(thisQuarter)
  let county
  let enterprise
  let team

  await step(`log in at /console/login as ${ADMIN.name} (${ADMIN.phone}): the union overview of ${ADMIN.city}`, async () => {
    await page.goto(BASE_URL + '/console/login')
    await input('phone', 'data-testid').fill(ADMIN.phone)
    await input('password', 'data-testid').fill(PASSWORD)
    await page.locator('[data-testid="login"]').click()
    await page.waitForURL((url) => url.pathname.endsWith('/console/union/overview'))
    await waitForText(page.locator('header'), (t) => t.includes(ADMIN.name), `the header does not name ${ADMIN.name}`)
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`${ADMIN.city} · 概览`), `the overview is not of ${ADMIN.city}`)
    const active = await waitForText(page.locator('[data-test="kpi-active"] .kpi-value'), (t) => /^\d[\d,]*$/.test(t.trim()), 'the 活跃职工 card shows no number')
    const registered = await page.locator('[data-test="kpi-registered"] .kpi-value').innerText()
    expect(number(registered) > 0, `the 注册职工 card shows "${registered}"`)
    console.log(`     this month: ${active.trim()} active of ${registered.trim()} registered`)
  })

  await step(`the period ${quarter.label}: the KPI cards and the ranking of ${ADMIN.city}'s units`, async () => {
    await page.locator('[data-test="period-kind"] [data-period="QUARTER"]').click()
    await page.waitForURL((url) => url.searchParams.get('period') === 'QUARTER')
    if (quarter !== thisQuarter) {
      await page.locator('[data-test="period-quarter"]').click()
      await chooseOption(quarter.label)
      await page.waitForURL((url) => url.searchParams.get('at') === quarter.start)
    }
    await waitForText(page.locator('[data-test="period-label"]'), (t) => t.includes(quarter.label), `the period is not shown as ${quarter.label}`)
    const kpis = await page.locator('.kpis [data-test^="kpi-"]').count()
    expect(kpis >= 8, `the overview shows ${kpis} KPI cards`)
    const active = number(await page.locator('[data-test="kpi-active"] .kpi-value').innerText())
    expect(active > 0, `no active workers in ${ADMIN.city} in ${quarter.label}: nothing to drill into`)
    const participation = await page.locator('[data-test="kpi-participation"] .kpi-value').innerText()
    expect(/%$/.test(participation.trim()), `the 参与率 card shows "${participation}"`)
    await page.locator('[data-test="rank-chart"]').waitFor()
    const rows = await tableRows('rank-row')
    expect(rows.length > 0, `no units ranked below ${ADMIN.city}`)
    expect(rows.every((r) => /%$|—$/.test(r.cells[2] ?? '')), `the ranking's rates are not percentages: ${rows.map((r) => r.cells[2]).join(', ')}`)
    // the most active county (or unit directly in the city) that can be drilled into
    const ranked = rows.filter((r) => r.linked && r.unit?.startsWith('region:')).map((r) => ({ ...r, active: number(r.cells[3].split('/')[0]) }))
    county = ranked.sort((a, b) => b.active - a.active)[0]
    expect(county && county.active > 0, `no county of ${ADMIN.city} with active workers in the ranking: ${rows.map((r) => r.cells.join(' ')).join(' | ')}`)
    county.name = county.cells[1]
    console.log(`     ${quarter.label}: ${active} active; ${rows.length} units ranked, the most active county ${county.name} (${county.unit}, ${county.active} active)`)
    await expectBreadcrumb([])
    await shot('union-01-overview', page, { fullPage: true })
  })

  await step('drill: the county, then its most active enterprise and its teams', async () => {
    await page.locator(`tr[data-test="rank-row"] a[data-test="drill"][data-unit="${county.unit}"]`).click()
    await page.waitForURL((url) => url.searchParams.get('unit') === county.unit && url.searchParams.get('period') === 'QUARTER')
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`${county.name} · 概览`), `the overview is not of ${county.name}`)
    await expectBreadcrumb([county.name])
    const rows = await waitFor(() => tableRows('rank-row'), (r) => r.length > 0 && r.every((x) => x.unit?.startsWith('enterprise:')),
      `the ranking of ${county.name} does not list its enterprises`)
    const ranked = rows.filter((r) => r.linked).map((r) => ({ ...r, active: number(r.cells[3].split('/')[0]) }))
    enterprise = ranked.sort((a, b) => b.active - a.active)[0]
    expect(enterprise && enterprise.active > 0, `no enterprise of ${county.name} with active workers: ${rows.map((r) => r.cells.join(' ')).join(' | ')}`)
    enterprise.name = enterprise.cells[1]

    await page.locator(`tr[data-test="rank-row"] a[data-test="drill"][data-unit="${enterprise.unit}"]`).click()
    await page.waitForURL((url) => url.searchParams.get('unit') === enterprise.unit)
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`${enterprise.name} · 概览`), `the overview is not of ${enterprise.name}`)
    await expectBreadcrumb([county.name, enterprise.name])
    const teams = await waitFor(() => tableRows('rank-row'), (r) => r.some((x) => x.unit?.startsWith('team:')) && r.every((x) => x.unit?.startsWith('team:') || x.cells.includes('未分班组')),
      `the ranking of ${enterprise.name} does not list its teams`)
    const active = number(await page.locator('[data-test="kpi-active"] .kpi-value').innerText())
    expect(active === enterprise.active, `${enterprise.name} shows ${active} active workers, the county's ranking said ${enterprise.active}`)
    expect(await page.locator('[data-test="coverage"]').count() === 0, 'an enterprise shows the coverage of enterprises')
    console.log(`     ${county.name} → ${enterprise.name} (${enterprise.unit}, ${active} active): teams ${teams.map((t) => t.cells[1]).join(', ')}`)
    await shot('union-02-enterprise', page, { fullPage: true })
  })

  await step('单位明细 of the enterprise: its teams; a team with active workers lists its workers', async () => {
    await page.locator('[data-test="ranking"] a', { hasText: '单位明细' }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/union/units') && url.searchParams.get('unit') === enterprise.unit)
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`单位明细 · ${enterprise.name}`), `the units page is not of ${enterprise.name}`)
    const tabs = await page.locator('[data-test="dimensions"] .el-tabs__item').allInnerTexts()
    expect(tabs.length === 3, `an enterprise has the tabs ${tabs.join(', ')}, expected teams, trades and workers`)
    const rows = await waitFor(() => tableRows('unit-row'), (r) => r.some((x) => x.unit?.startsWith('team:')) && r.every((x) => x.unit?.startsWith('team:') || x.cells.includes('未分班组')),
      `the units page of ${enterprise.name} does not list its teams`)
    // name, registered, active, …
    team = rows.filter((r) => r.linked).map((r) => ({ ...r, active: number(r.cells[2]) })).find((r) => r.active > 0)
    expect(team, `no team of ${enterprise.name} with active workers: ${rows.map((r) => r.cells.slice(0, 4).join(' ')).join(' | ')}`)
    team.name = team.cells[0]

    await page.locator(`tr[data-test="unit-row"][data-unit="${team.unit}"] a[data-test="drill"]`).click()
    await page.waitForURL((url) => url.searchParams.get('unit') === team.unit && url.searchParams.get('period') === 'QUARTER')
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`单位明细 · ${team.name}`), `the units page is not of ${team.name}`)
    await expectBreadcrumb([county.name, enterprise.name, team.name])
    const workers = page.locator('tr[data-test="worker-row"]')
    await workers.first().waitFor()
    const shown = await workers.evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText.trim())))
    expect(shown.every((w) => /^1\d{2}\*{4}\d{4}$/.test(w[1])), `the workers' phones are not masked: ${shown.map((w) => w[1]).join(', ')}`)
    expect(shown.every((w) => w[2] === team.name), `workers of other teams are listed: ${shown.map((w) => w[2]).join(', ')}`)
    console.log(`     ${team.name} (${team.unit}): ${shown.length} workers, e.g. ${shown[0][0]} ${shown[0][1]}`)
    await shot('union-03-workers')
  })

  const target = { value: 100 + Math.floor(Math.random() * 800) }
  await step(`目标督办: a target of ${target.value} active workers for the county in ${thisQuarter.label}`, async () => {
    // back to the admin's own scope (the city) through the breadcrumb, then the menu keeps it
    await page.locator('[data-test="crumb"]', { hasText: new RegExp(`^${escape(ADMIN.city)}$`) }).click()
    await page.waitForURL((url) => !url.searchParams.has('unit'))
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`单位明细 · ${ADMIN.city}`), `the city crumb does not lead to ${ADMIN.city}`)
    await openMenu('union-targets', '/union/targets')
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`目标督办 · ${ADMIN.city}`), `the targets page is not of ${ADMIN.city}`)
    const set = page.locator('[data-test="targets-set"]')
    await waitFor(() => set.locator('.el-table').count(), (n) => n === 1, 'the targets set for the units below are not shown')
    await page.waitForFunction(() => !document.querySelector('.page > .el-loading-mask'), null, { timeout: TIMEOUT })
    const expected = `${target.value} 人`
    const mineRows = () => set.locator('.el-table__body tr.el-table__row')
      .filter({ has: page.locator('[data-test="target-unit"]', { hasText: new RegExp(`^${escape(county.name)}$`) }) })
      .filter({ hasText: '活跃职工数' }).filter({ hasText: expected })
    const before = await mineRows().count()

    await page.locator('[data-test="target-new"]').click()
    const form = page.locator('[data-test="target-form"]')
    await form.waitFor()
    const dialog = page.locator('.el-dialog:visible', { has: form })
    await select('target-unit-select', county.name)
    await select('target-metric', '活跃职工数')
    await waitForText(dialog.locator('.unit'), (t) => t.trim() === '人', 'the value is not counted in 人 for 活跃职工数')
    await input('target-value').fill(String(target.value))
    await input('target-value').press('Tab')
    await typeDate('开始日期', thisQuarter.start)
    await typeDate('截止日期', thisQuarter.end)
    await page.locator('textarea[data-test="target-note"]').fill(`e2e ${new Date().toISOString()}`)
    await page.locator('[data-test="target-submit"]').click()
    await dialog.waitFor({ state: 'hidden' }).catch(async () => {
      const error = await dialog.locator('[data-test="target-error"], .el-form-item__error').allInnerTexts()
      throw new Failure(`the target form did not close: ${error.join(' | ') || 'no error shown'}`)
    })
    await waitForText(page.locator('.el-message'), (t) => t.includes('目标已下达'), 'no confirmation that the target was set')
    await waitFor(() => mineRows().count(), (n) => n === before + 1, `the new target (${county.name}, 活跃职工数 ${expected}) is not in the list`)
    const row = mineRows().last()
    const status = await row.locator('[data-test="target-status"]').getAttribute('data-status')
    const label = (await row.locator('[data-test="target-status"]').innerText()).trim()
    expect(['GREEN', 'AMBER', 'RED', 'DONE', 'MISSED'].includes(status) && label, `the new target has the status "${status}" / "${label}"`)
    const rowText = (await row.innerText()).replace(/\s+/g, ' ')
    expect(rowText.includes(thisQuarter.start) && rowText.includes(thisQuarter.end), `the new target's term is not ${thisQuarter.start} – ${thisQuarter.end}: ${rowText}`)
    expect(rowText.includes(ADMIN.name), `the new target is not set by ${ADMIN.name}: ${rowText}`)
    console.log(`     ${county.name} 活跃职工数 ${expected} ${thisQuarter.start}~${thisQuarter.end}: ${label} (${status})`)
    // the row's actions should be in sight at 1440 px (TargetTable's columns fit since its widths were trimmed)
    const table = await set.locator('.el-table').boundingBox()
    const action = await row.locator('[data-test="target-delete"]').boundingBox()
    if (action && table && action.x + action.width > table.x + table.width) {
      console.log(`     ! the row's 删除 / 记录督办 lie beyond the table's right edge (删除 at x=${Math.round(action.x)}–${Math.round(action.x + action.width)}, ` +
        `the table ends at ${Math.round(table.x + table.width)}): only a sideways scroll shows them`)
    }
    await set.evaluate((e) => e.scrollIntoView({ block: 'start' }))
    await shot('union-04-targets')
  })

  await step(`单位明细 of ${ADMIN.city}: 导出Excel downloads an .xlsx`, async () => {
    await openMenu('union-units', '/union/units')
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`单位明细 · ${ADMIN.city}`), `the units page is not of ${ADMIN.city}`)
    const rows = await waitFor(() => tableRows('unit-row'), (r) => r.length > 0, `the units page of ${ADMIN.city} lists no units`)
    expect(rows.some((r) => r.unit === county.unit), `${county.name} is not among ${ADMIN.city}'s units`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export"]').click()])
    const name = download.suggestedFilename()
    const path = join(downloads, 'breakdown.xlsx')
    await download.saveAs(path)
    const bytes = readFileSync(path)
    expect(name.endsWith('.xlsx'), `the export is named "${name}", not .xlsx`)
    expect(bytes.subarray(0, 2).toString() === 'PK', `the export "${name}" is not an xlsx (starts with ${JSON.stringify(bytes.subarray(0, 8).toString())})`)
    expect(bytes.length > 2000, `the export "${name}" is only ${bytes.length} bytes`)
    console.log(`     downloaded "${name}" (${bytes.length} bytes)`)
  })

  await step('概览: 月报 opens the monthly report in a new window, with its charts', async () => {
    await openMenu('union-overview', '/union/overview')
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`${ADMIN.city} · 概览`), `the overview is not of ${ADMIN.city}`)
    const month = await page.locator('.page-head .toolbar .el-date-editor input').inputValue() // data-test=report-month is not rendered
    const opened = Promise.race([
      context.waitForEvent('page').then((p) => ({ popup: p })),
      page.waitForEvent('download').then((d) => ({ download: d })),
    ])
    await page.locator('[data-test="report"]').click()
    let { popup, download } = await opened
    if (download) {
      // popups blocked: the page is saved instead; it is opened from the file
      const path = join(downloads, 'report.html')
      await download.saveAs(path)
      console.log(`     the report came as a download "${download.suggestedFilename()}" (popup blocked)`)
      popup = await context.newPage()
      await popup.goto(pathToFileURL(path).href)
    }
    await popup.waitForFunction(
      () => document.body?.innerText.includes('职工学习闯关工作月报') && !!document.querySelector('svg'),
      null, { timeout: TIMEOUT },
    ).catch(async () => {
      const shown = await popup.evaluate(() => document.body?.innerText ?? '').catch(() => '')
      throw new Failure(`the report window (${popup.url()}) does not show 职工学习闯关工作月报 with a chart: "${shown.replace(/\s+/g, ' ').slice(0, 200)}"`)
    })
    const text = await popup.evaluate(() => document.body.innerText)
    expect(text.includes(ADMIN.city), `the report does not name ${ADMIN.city}`)
    const charts = await popup.locator('svg').count()
    console.log(`     report of ${month} at ${popup.url().slice(0, 60)}: ${charts} svg, ${text.length} characters`)
    await shot('union-05-report', popup, { fullPage: true })
    await popup.close()
    expect(await page.locator('[data-test="report"]').isEnabled(), 'the 月报 button stays busy')
  })

  await step('覆盖率 and 薄弱知识点 of the city', async () => {
    await openMenu('union-coverage', '/union/coverage')
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`企业覆盖率 · ${ADMIN.city}`), `the coverage page is not of ${ADMIN.city}`)
    await page.locator('[data-test="by-size"]').waitFor()
    await waitForText(page.locator('[data-test="by-size"]'), (t) => t.includes('合计') && t.includes('%'), 'the coverage by size shows no rates')
    await shot('union-06-coverage')
    await openMenu('union-weak-points', '/union/weak-points')
    await waitForText(page.locator('.page-head h1'), (t) => t.includes(`薄弱知识点 · ${ADMIN.city}`), `the weak-points page is not of ${ADMIN.city}`)
    const table = page.locator('[data-test="weak-points"]')
    const rows = table.locator('.el-table__body tr.el-table__row')
    // loaded: rows, or the table's word for none, and no loading mask
    await waitFor(async () => ({ rows: await rows.count(), empty: (await table.innerText()).includes('本期没有作答数据'), loading: await table.locator('.el-loading-mask:visible').count() }),
      (s) => !s.loading && (s.rows > 0 || s.empty), 'the weak points do not load')
    const items = await rows.allInnerTexts()
    expect(items.length > 0, `no weak points in ${ADMIN.city} in ${quarter.label}, where its workers answered questions`)
    expect(items.every((r) => /%/.test(r)), `the weak points show no error rates: ${items.join(' | ')}`)
    await page.locator('[data-test="weak-chart"]').waitFor()
    console.log(`     ${items.length} weak points, the weakest ${items[0].replace(/\s+/g, ' ').trim()}`)
    await shot('union-07-weak-points')
  })

  expect(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`)
}

await finish(main, { name: 'union-e2e', screenshotDir: SCREENSHOT_DIR, browser: () => context && { context, page },
  cleanup: async () => rmSync(downloads, { recursive: true, force: true }) })

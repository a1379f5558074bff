/**
 * The union console's shared logic (contract: /tmp/notes/union-api.md): the period and the unit as the URL keeps
 * them, the figures' formats, and the target form. Pure functions, no Vue.
 */
import { METRICS, PERIOD_KINDS, TARGET_STATUSES } from '../labels.js'

export const ZONE = 'Asia/Shanghai'
export const DEFAULT_PERIOD = 'MONTH'
/** RANGE: at most this many days, both ends included. */
export const MAX_RANGE_DAYS = 366

const DAY_MS = 86400000
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today (or the day of `now`) in Beijing time, YYYY-MM-DD. */
export function today(now = new Date()) {
  return dayFormat.format(now)
}

/** A real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isDate(value) {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(value + 'T00:00:00Z')
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

/** Days from `from` to `to`, both included (1 for the same day). */
export function daysIncluded(from, to) {
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / DAY_MS) + 1
}

export function addDays(day, n) {
  return new Date(Date.parse(day + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10)
}

// ---- periods ----

/**
 * The period from the route's query (strings): { period, at } or { period: 'RANGE', from, to }. Anything not
 * understood falls back to the default (this month): a hand-edited URL never sends the API a bad request.
 */
export function periodFromQuery(q = {}) {
  const kind = Object.keys(PERIOD_KINDS).includes(q.period) ? q.period : DEFAULT_PERIOD
  if (kind === 'RANGE') {
    const { from, to } = q
    if (isDate(from) && isDate(to) && from <= to && daysIncluded(from, to) <= MAX_RANGE_DAYS) return { period: 'RANGE', from, to }
    return { period: DEFAULT_PERIOD, at: null }
  }
  return { period: kind, at: isDate(q.at) ? q.at : null }
}

/** The API's period parameters: { period, at } (at left out for today) or { period: 'RANGE', from, to }. */
export function periodParams(p) {
  if (p.period === 'RANGE') return { period: 'RANGE', from: p.from, to: p.to }
  return p.at ? { period: p.period, at: p.at } : { period: p.period }
}

/**
 * The route query keys of a period, every key present so that merging replaces the old period's: undefined for
 * what is not set or is the default (this month, today).
 */
export function periodQuery(p) {
  const range = p.period === 'RANGE'
  return {
    period: p.period === DEFAULT_PERIOD ? undefined : p.period,
    at: !range && p.at ? p.at : undefined,
    from: range ? p.from : undefined,
    to: range ? p.to : undefined,
  }
}

/** Why a RANGE cannot be asked for, or '' when it can. */
export function rangeProblem(from, to) {
  if (!isDate(from) || !isDate(to)) return '请选择起止日期'
  if (from > to) return '开始日期不能晚于结束日期'
  if (daysIncluded(from, to) > MAX_RANGE_DAYS) return `时间段最长 ${MAX_RANGE_DAYS} 天`
  return ''
}

/** The month (YYYY-MM) a period points at, for the monthly report: its day, the range's last day, else this month. */
export function monthOf(p, now = new Date()) {
  const day = p.period === 'RANGE' ? p.to : p.at
  return (day ?? today(now)).slice(0, 7)
}

/** A period's label as the API gives it, in words: "2026-W49" → "2026年第49周", "2026-Q4" → "2026年第4季度". */
export function periodText(label) {
  if (!label) return ''
  let m = /^(\d{4})-W(\d{1,2})$/.exec(label)
  if (m) return `${m[1]}年第${Number(m[2])}周`
  m = /^(\d{4})-Q([1-4])$/.exec(label)
  if (m) return `${m[1]}年第${m[2]}季度`
  m = /^(\d{4})-(\d{2})$/.exec(label)
  if (m) return `${m[1]}年${Number(m[2])}月`
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label)
  if (m) return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
  m = /^(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})$/.exec(label)
  if (m) return `${m[1]} 至 ${m[2]}`
  return /^\d{4}$/.test(label) ? `${label}年` : label
}

/** The first day of the quarter of `day` (YYYY-MM-DD). */
export function quarterStart(day) {
  const [y, m] = day.split('-').map(Number)
  return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`
}

/** The quarters to choose from, newest first: this one and those of the `years` - 1 years before. */
export function recentQuarters(now = new Date(), years = 3) {
  const [y, m] = today(now).split('-').map(Number)
  const out = []
  for (let year = y; year > y - years; year--) {
    for (let q = 4; q >= 1; q--) {
      if (year === y && (q - 1) * 3 + 1 > m) continue
      out.push({ value: `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`, label: `${year}年第${q}季度` })
    }
  }
  return out
}

// ---- units ----

const UNIT = /^(region|enterprise|team):([1-9]\d{0,17})$/

/** "region:12" → { kind: 'REGION', id: 12, key: 'region:12' }; null for anything else. */
export function parseUnit(value) {
  const m = typeof value === 'string' ? UNIT.exec(value) : null
  return m ? { kind: m[1].toUpperCase(), id: Number(m[2]), key: value } : null
}

/** A UnitRef's key for the `unit` parameter ("enterprise:3"); null for a dimension's row (INDUSTRY, TRADE, SIZE). */
export function unitKey(ref) {
  return ref && ['REGION', 'ENTERPRISE', 'TEAM'].includes(ref.kind) ? `${ref.kind.toLowerCase()}:${ref.id}` : null
}

/**
 * The key to put in the URL for a breadcrumb entry: null (no `unit`, the caller's own scope) for the first unit in
 * scope, the unit's key below it; undefined for an entry above the scope (not clickable).
 */
export function crumbTarget(path, index) {
  const first = (path ?? []).findIndex((u) => u.inScope)
  if (first < 0 || index < first) return undefined
  return index === first ? null : unitKey(path[index])
}

/**
 * A route query with `changes` merged in: undefined, null and '' remove a key. Union pages keep the unit and the
 * period in the URL under the API's own names.
 */
export function mergeQuery(current, changes) {
  const out = { ...current }
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') delete out[k]
    else out[k] = String(v)
  }
  return out
}

export { SHARED_KEYS, sharedQuery } from './unionQuery.js'

/** The breakdown's tabs for a unit of this kind (WORKERS: the worker list). */
export function dimensionsFor(kind) {
  if (kind === 'ENTERPRISE') return ['TEAM', 'TRADE', 'WORKERS']
  if (kind === 'TEAM') return ['WORKERS', 'TRADE']
  return ['CHILD', 'ENTERPRISE', 'INDUSTRY', 'TRADE', 'SIZE']
}

/** The columns the breakdown and the worker list are sorted by (the first: the default, descending). */
export const BREAKDOWN_SORTS = ['participationRate', 'active', 'registered', 'levelsPassed', 'averageScore', 'points']
export const WORKER_SORTS = ['lastRunAt', 'points', 'levelsPassed']
export const PAGE_SIZES = [20, 50, 100]

/** The unit page's list from the route query, for a unit of this kind: tab, sort, order, page, size, search. */
export function listFromQuery(q, kind) {
  const dims = dimensionsFor(kind)
  const by = dims.includes(q.by) ? q.by : dims[0]
  const sorts = by === 'WORKERS' ? WORKER_SORTS : BREAKDOWN_SORTS
  const page = Number(q.page)
  const size = Number(q.size)
  return {
    by,
    sort: sorts.includes(q.sort) ? q.sort : sorts[0],
    order: q.order === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page > 0 ? page : 0,
    size: PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0],
    q: by === 'WORKERS' && typeof q.q === 'string' ? q.q.trim() : '',
  }
}

/** The list's API parameters (breakdown: by; workers: q), without paging for an export. */
export function listParams(list, { paging = true } = {}) {
  const params = list.by === 'WORKERS' ? { q: list.q || undefined } : { by: list.by }
  params.sort = list.sort
  params.order = list.order
  if (paging) Object.assign(params, { page: list.page, size: list.size })
  return params
}

// ---- formats ----

/** 0.1234 → "12.3%"; "—" for a missing rate (no registered workers). */
export function rate(value, digits = 1) {
  return value == null || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(digits)}%`
}

const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** 12345 → "12,345". */
export function count(value) {
  return value == null ? '—' : integer.format(value)
}

/** An average score, one decimal. */
export function score(value) {
  return value == null ? '—' : Number(value).toFixed(1)
}

/** The scope's rate against its parent's: "高于上级 2.3 个百分点", "低于…", "与上级持平"; '' when either is missing. */
export function rateComparison(mine, baseline, name = '上级') {
  if (mine == null || baseline == null) return ''
  const points = Math.round((mine - baseline) * 1000) / 10
  if (points === 0) return `与${name}持平`
  return `${points > 0 ? '高于' : '低于'}${name} ${Math.abs(points).toFixed(1)} 个百分点`
}

/** Part of a whole as a 0..100 number for a progress bar (0 when the whole is 0). */
export function share(part, whole) {
  return whole ? Math.min(100, Math.round((part / whole) * 1000) / 10) : 0
}

// ---- targets ----

export const isRateMetric = (metric) => !!METRICS[metric]?.rate

/** A target's value as read: "35.0%" for a rate, "1,200 人" for a count. */
export function metricValue(metric, value) {
  if (value == null) return '—'
  return isRateMetric(metric) ? rate(value) : `${count(value)}${METRICS[metric]?.unit ? ' ' + METRICS[metric].unit : ''}`
}

export const statusOf = (status) => TARGET_STATUSES[status] ?? { label: status ?? '', tag: 'info', color: '#909399' }

/** A fresh target form: rates in percent (35 for 35%), from today to the end of this quarter. */
export function emptyTarget(now = new Date()) {
  const day = today(now)
  const [y, m] = day.split('-').map(Number)
  const quarterEnd = new Date(Date.UTC(y, Math.ceil(m / 3) * 3, 0)).toISOString().slice(0, 10)
  return { unit: '', metric: 'PARTICIPATION_RATE', value: null, startsOn: day, deadline: quarterEnd, note: '' }
}

/** What is wrong with the form, by field ('' keys left out): the server checks again (422). */
export function targetProblems(form) {
  const out = {}
  if (!parseUnit(form.unit)) out.unit = '请选择单位'
  if (!METRICS[form.metric]) out.metric = '请选择指标'
  const v = form.value
  if (v == null || v === '' || Number.isNaN(Number(v))) out.value = '请填写目标值'
  else if (isRateMetric(form.metric) && (v <= 0 || v > 100)) out.value = '百分比应在 0 到 100 之间'
  else if (!isRateMetric(form.metric) && (v < 1 || !Number.isInteger(Number(v)))) out.value = '目标值应为正整数'
  if (!isDate(form.startsOn)) out.startsOn = '请选择开始日期'
  if (!isDate(form.deadline)) out.deadline = '请选择截止日期'
  else if (isDate(form.startsOn) && form.deadline < form.startsOn) out.deadline = '截止日期不能早于开始日期'
  return out
}

/** POST /api/union/targets's body: a rate from percent to 0..1 (35 → 0.35, 12.5 → 0.125), a count as an integer. */
export function targetBody(form) {
  const value = isRateMetric(form.metric) ? Math.round(Number(form.value) * 100) / 10000 : Math.round(Number(form.value))
  const body = { unit: form.unit, metric: form.metric, value, startsOn: form.startsOn, deadline: form.deadline }
  const note = form.note?.trim()
  if (note) body.note = note
  return body
}

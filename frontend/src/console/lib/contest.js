/**
 * Skills contests (技能竞赛) in the console: the states' names and colours, the definition form and its request body
 * (with the server's checks of the windows' order), the server's English messages in Chinese, the paper by rule,
 * account ids pasted in bulk, elapsed times, the draw's verification, a CSV of a table. Pure functions, no Vue.
 */
import { ApiError } from '../../api/errors.js'
import { errorText } from './errors.js'
import { checkLevel, fromLevel, toDraft } from './levelMap.js'

// ---- names and colours ----

/**
 * A contest's state (ContestView.state: the phase read against the clock). `tag`/`effect`: the ElTag's type and
 * effect; `color`: the same colour for anything else (a chart, a dot).
 */
export const CONTEST_STATES = {
  DRAFT: { label: '草稿', tag: 'info', effect: 'plain', color: '#909399', hint: '尚未发布，职工看不到；可以修改' },
  REGISTRATION: { label: '报名中', tag: 'primary', effect: 'light', color: '#409eff', hint: '已发布，报名时间内可报名' },
  CLOSED: { label: '报名已截止', tag: 'warning', effect: 'light', color: '#e6a23c', hint: '报名已关闭，等待开赛（团体赛等待抽签）' },
  DRAWN: { label: '已抽签', tag: 'warning', effect: 'plain', color: '#b88230', hint: '团体赛已公开种子并抽出参赛队员，等待开赛' },
  RUNNING: { label: '比赛中', tag: 'success', effect: 'dark', color: '#67c23a', hint: '比赛时间内，参赛职工可以作答' },
  MARKING: { label: '待定榜', tag: 'danger', effect: 'light', color: '#f56c6c', hint: '比赛时间已过，等待主办方定榜公布成绩' },
  FINAL: { label: '已定榜', tag: 'success', effect: 'plain', color: '#1f9d55', hint: '名次已确定，成绩和晋级已公布' },
}

export const stateOf = (state) => CONTEST_STATES[state] ?? { label: state ?? '', tag: 'info', effect: 'plain', color: '#909399', hint: '' }
export const stateLabel = (state) => stateOf(state).label

export const TIERS = { ENTERPRISE: '企业级', COUNTY: '县（区）级', CITY: '市级', PROVINCE: '省级' }
/** The organising unit a tier needs: an enterprise, or a region of that level. */
export const TIER_UNITS = { ENTERPRISE: '企业', COUNTY: '县（区）', CITY: '市', PROVINCE: '省' }
export const FORMATS = { INDIVIDUAL: '个人赛', TEAM: '团体赛' }
/** A roster member's part in a team contest. */
export const TEAM_ROLES = {
  NAMED: { label: '单位指定', tag: 'primary' },
  DRAWN: { label: '抽签选中', tag: 'success' },
  ROSTER: { label: '名册', tag: 'info' },
}

/** The tier a unit may organise: an enterprise's contests are ENTERPRISE, a region's are of its level; else null. */
export function tierOfUnit(unit) {
  if (!unit) return null
  if (unit.kind === 'ENTERPRISE') return 'ENTERPRISE'
  return unit.kind === 'REGION' && ['COUNTY', 'CITY', 'PROVINCE'].includes(unit.level) ? unit.level : null
}

const ORGANISER = /^(region|enterprise):([1-9]\d{0,17})$/

/** "region:12" → { kind: 'REGION', id: 12 }; null for anything else. */
export function parseOrganiser(value) {
  const m = typeof value === 'string' ? ORGANISER.exec(value.trim()) : null
  return m ? { kind: m[1].toUpperCase(), id: Number(m[2]) } : null
}

/** An organiser without a known name: "地区 #12", "企业 #3". */
export function organiserFallback(key) {
  const o = parseOrganiser(key)
  if (!o) return key ?? ''
  return `${o.kind === 'ENTERPRISE' ? '企业' : '地区'} #${o.id}`
}

// ---- times ----

export const MAX_WINDOW_DAYS = 6
export const DURATION_MINUTES = [1, 1440]
export const ATTEMPTS = [1, 5]
export const NAME_MAX = 128
const DAY_MS = 86400000

/** A picked time (Date, epoch ms or ISO text) as an ISO instant; null when there is none or it is no time. */
export function toInstant(value) {
  if (value == null || value === '') return null
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

const ms = (value) => {
  const iso = toInstant(value)
  return iso ? Date.parse(iso) : null
}

/**
 * How long a run took: "34.5 秒", "12 分 04.3 秒", "1 小时 02 分 05 秒" (tenths of a second below an hour: the
 * board breaks ties on the time taken); "—" when there is none.
 */
export function formatElapsed(value) {
  if (value == null || value === '' || !Number.isFinite(Number(value)) || Number(value) < 0) return '—'
  const tenths = Math.round(Number(value) / 100)
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} 秒`
  if (tenths < 36000) {
    const minutes = Math.floor(tenths / 600)
    const seconds = ((tenths % 600) / 10).toFixed(1).padStart(4, '0')
    return `${minutes} 分 ${seconds} 秒`
  }
  const total = Math.round(Number(value) / 1000)
  const hours = Math.floor(total / 3600)
  const minutes = String(Math.floor((total % 3600) / 60)).padStart(2, '0')
  const seconds = String(total % 60).padStart(2, '0')
  return `${hours} 小时 ${minutes} 分 ${seconds} 秒`
}

/** A run's time limit: "90 分钟", "1 分 30 秒". */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds <= 0) return '—'
  if (seconds % 60 === 0) return `${seconds / 60} 分钟`
  return `${Math.floor(seconds / 60)} 分 ${seconds % 60} 秒`
}

/** The server clock's lead over this machine's, from a ContestView's serverTime and when it came. */
export function clockOffset(serverTime, receivedAt = Date.now()) {
  const server = Date.parse(serverTime ?? '')
  return Number.isNaN(server) ? 0 : server - receivedAt
}

// ---- the definition form ----

/** A new contest's form: an individual contest, one attempt of 60 minutes; times, tier and organiser to choose. */
export function emptyContest() {
  return {
    name: '',
    tier: null,
    organiser: '',
    tradeId: null,
    format: 'INDIVIDUAL',
    registrationOpens: null,
    registrationCloses: null,
    startsAt: null,
    endsAt: null,
    durationMinutes: 60,
    attemptsAllowed: 1,
    qualifyCount: 0,
    promoteTop: 0,
    teamDrawn: 3,
    teamNamed: 0,
    qualifiesFrom: null,
  }
}

/** The form of a contest to edit, from its ContestView (the times as Dates, as the pickers give them). */
export function fromContest(c) {
  const date = (iso) => (iso ? new Date(iso) : null)
  return {
    name: c.name ?? '',
    tier: c.tier ?? null,
    organiser: c.organiser ?? '',
    tradeId: c.tradeId ?? null,
    format: c.format ?? 'INDIVIDUAL',
    registrationOpens: date(c.registrationOpens),
    registrationCloses: date(c.registrationCloses),
    startsAt: date(c.startsAt),
    endsAt: date(c.endsAt),
    durationMinutes: c.durationSeconds != null ? Math.round(c.durationSeconds / 6) / 10 : 60,
    attemptsAllowed: c.attemptsAllowed ?? 1,
    qualifyCount: c.qualifyCount ?? 0,
    promoteTop: c.promoteTop ?? 0,
    teamDrawn: c.teamDrawn ?? 3,
    teamNamed: c.teamNamed ?? 0,
    qualifiesFrom: c.qualifiesFrom ?? null,
  }
}

const whole = (v, [low, high]) => Number.isInteger(v) && v >= low && v <= high

/**
 * The form's problems by field (the body's names, but durationMinutes), with the server's rules: the windows in
 * order (registration opens < closes ≤ the contest starts < it ends, at most 6 days), the organiser of the tier's
 * level (`organiserTier`: the tier the chosen unit may organise, when known). The server checks again (400).
 */
export function contestProblems(form, { organiserTier = null } = {}) {
  const out = {}
  const name = (form.name ?? '').trim()
  if (!name) out.name = '请填写竞赛名称'
  else if (name.length > NAME_MAX) out.name = `竞赛名称最多 ${NAME_MAX} 个字`
  if (!TIERS[form.tier]) out.tier = '请选择竞赛级别'
  if (!parseOrganiser(form.organiser)) out.organiser = '请选择主办单位'
  else if (TIERS[form.tier] && organiserTier && organiserTier !== form.tier) {
    out.organiser = `${TIERS[form.tier]}竞赛须由${TIER_UNITS[form.tier]}级单位主办，所选单位只能主办${TIERS[organiserTier]}竞赛`
  }
  if (form.tradeId == null || form.tradeId === '') out.tradeId = '请选择工种'
  if (!FORMATS[form.format]) out.format = '请选择赛制'

  const opens = ms(form.registrationOpens)
  const closes = ms(form.registrationCloses)
  const starts = ms(form.startsAt)
  const ends = ms(form.endsAt)
  if (opens == null) out.registrationOpens = '请选择报名开始时间'
  if (closes == null) out.registrationCloses = '请选择报名截止时间'
  else if (opens != null && closes <= opens) out.registrationCloses = '报名截止时间须晚于报名开始时间'
  if (starts == null) out.startsAt = '请选择比赛开始时间'
  else if (closes != null && starts < closes) out.startsAt = '比赛开始时间不能早于报名截止时间'
  if (ends == null) out.endsAt = '请选择比赛结束时间'
  else if (starts != null && ends <= starts) out.endsAt = '比赛结束时间须晚于比赛开始时间'
  else if (starts != null && ends - starts > MAX_WINDOW_DAYS * DAY_MS) out.endsAt = `比赛时间最长 ${MAX_WINDOW_DAYS} 天`

  const minutes = Number(form.durationMinutes)
  if (form.durationMinutes == null || form.durationMinutes === '' || !Number.isFinite(minutes)) out.durationMinutes = '请填写答题时长'
  else if (minutes < DURATION_MINUTES[0] || minutes > DURATION_MINUTES[1]) out.durationMinutes = `答题时长须在 ${DURATION_MINUTES[0]} 到 ${DURATION_MINUTES[1]} 分钟之间`
  else if (starts != null && ends != null && ends > starts && minutes * 60000 > ends - starts) out.durationMinutes = '答题时长不能超过比赛时间'
  if (!whole(form.attemptsAllowed, ATTEMPTS)) out.attemptsAllowed = `作答次数须在 ${ATTEMPTS[0]} 到 ${ATTEMPTS[1]} 次之间`
  if (!whole(form.qualifyCount, [0, 10000])) out.qualifyCount = '出线名额须在 0 到 10000 之间'
  if (!whole(form.promoteTop, [0, 1000])) out.promoteTop = '晋级名额须在 0 到 1000 之间'
  if (form.format === 'TEAM') {
    if (!whole(form.teamDrawn, [1, 50])) out.teamDrawn = '每队抽签人数须在 1 到 50 之间'
    if (!whole(form.teamNamed, [0, 50])) out.teamNamed = '每队指定人数须在 0 到 50 之间'
  }
  return out
}

/** The body of POST /api/contests and PUT /api/contests/{id} (ContestDraft). */
export function contestBody(form) {
  const team = form.format === 'TEAM'
  return {
    name: (form.name ?? '').trim(),
    tier: form.tier,
    organiser: (form.organiser ?? '').trim(),
    tradeId: form.tradeId == null ? null : Number(form.tradeId),
    format: form.format,
    registrationOpens: toInstant(form.registrationOpens),
    registrationCloses: toInstant(form.registrationCloses),
    startsAt: toInstant(form.startsAt),
    endsAt: toInstant(form.endsAt),
    durationSeconds: Math.round(Number(form.durationMinutes) * 60),
    attemptsAllowed: form.attemptsAllowed ?? 1,
    qualifyCount: form.qualifyCount ?? 0,
    promoteTop: form.promoteTop ?? 0,
    teamDrawn: team ? form.teamDrawn : null,
    teamNamed: team ? (form.teamNamed ?? 0) : 0,
    qualifiesFrom: form.qualifiesFrom == null || form.qualifiesFrom === '' ? null : Number(form.qualifiesFrom),
  }
}

// ---- what the organiser may do now ----

/**
 * The organiser's actions on the contest at `now` (the server's clock), in order: each { key, label, enabled, hint,
 * confirm, danger }. The server decides (409 when the state moved on); this only spares a request bound to fail.
 */
export function contestActions(c, now = Date.now()) {
  if (!c) return []
  const at = (iso) => Date.parse(iso ?? '')
  const team = c.format === 'TEAM'
  const out = []
  if (c.state === 'DRAFT') {
    out.push({ key: 'edit', label: '修改', enabled: true, hint: '' })
    out.push({
      key: 'publish', label: '发布', enabled: true, hint: '发布后开放报名，竞赛的设置不能再修改',
      confirm: `发布“${c.name}”？发布后职工即可在报名时间内报名，竞赛的设置不能再修改。${c.paperSize ? '' : '注意：竞赛还没有试卷，请通知该工种的培训师在开赛前组卷。'}`,
    })
  }
  if (c.state === 'REGISTRATION') {
    const due = now >= at(c.registrationCloses)
    out.push({
      key: 'close', label: '截止报名', enabled: due,
      hint: due ? '' : '报名截止时间到了以后才能截止报名',
      confirm: team
        ? `截止“${c.name}”的报名？各单位的名册（该工种的全部职工）将冻结并公布其哈希，同时生成抽签种子并公布其承诺值（SHA-256）。此操作不能撤销。`
        : `截止“${c.name}”的报名？截止后不能再报名。`,
    })
  }
  if (team && c.state === 'CLOSED') {
    const open = now < at(c.endsAt)
    out.push({
      key: 'draw', label: '抽签', enabled: open, hint: open ? '' : '比赛时间已过，不能再抽签',
      confirm: `为“${c.name}”抽签？将公开种子，并按公布的算法从每个单位的名册中抽出 ${c.teamDrawn ?? ''} 名队员。此操作不能撤销。`,
    })
  }
  if (c.state === 'MARKING') {
    out.push({
      key: 'finalise', label: '定榜', enabled: true, hint: '',
      confirm: `为“${c.name}”定榜？未交卷的作答按超时处理，名次、出线${c.promoteTop ? '和晋级' : ''}随即确定并公布，不能撤销。`,
      danger: true,
    })
  }
  return out
}

/**
 * The contest's course for a progress bar: each state in order with the time it begins (where the definition says),
 * and the index of the current one (-1 for a state not in the course).
 */
export function contestSteps(c) {
  const team = c?.format === 'TEAM'
  const steps = [
    { state: 'DRAFT', time: null },
    { state: 'REGISTRATION', time: c?.registrationOpens ?? null },
    { state: 'CLOSED', time: c?.registrationCloses ?? null },
    ...(team ? [{ state: 'DRAWN', time: null }] : []),
    { state: 'RUNNING', time: c?.startsAt ?? null },
    { state: 'MARKING', time: c?.endsAt ?? null },
    { state: 'FINAL', time: null },
  ].map((s) => ({ ...s, label: stateLabel(s.state) }))
  return { steps, active: steps.findIndex((s) => s.state === c?.state) }
}

/** The times at which the contest's state changes by the clock alone (to read it again then). */
export function stateBoundaries(c) {
  return [c?.registrationOpens, c?.registrationCloses, c?.startsAt, c?.endsAt].map((t) => Date.parse(t ?? '')).filter((t) => !Number.isNaN(t))
}

/** Why a contest cannot run yet, or '': a team contest opens only once drawn. */
export function startWarning(c, now = Date.now()) {
  if (!c || c.format !== 'TEAM') return ''
  if (['REGISTRATION', 'CLOSED'].includes(c.state) && now >= Date.parse(c.startsAt ?? '')) {
    return '比赛开始时间已到，但团体赛须先截止报名并抽签，抽签后参赛队员才能作答。'
  }
  return ''
}

/**
 * The detail page's tabs for the caller: the paper for trainers; registrations, draw (team contests), monitoring,
 * boards, results and analysis for organisers, each once the contest has got that far.
 */
export function contestTabs(c, { organiser = false, trainer = false } = {}) {
  const tabs = [{ name: 'overview', label: '概况' }]
  if (!c) return tabs
  const state = c.state
  const team = c.format === 'TEAM'
  if (trainer) tabs.push({ name: 'paper', label: '试卷' })
  if (organiser) {
    tabs.push({ name: 'registrations', label: team ? '报名（名册）' : '报名' })
    if (team) tabs.push({ name: 'draw', label: '抽签' })
    if (state !== 'DRAFT') tabs.push({ name: 'monitor', label: '监控' })
    if (['RUNNING', 'MARKING', 'FINAL'].includes(state)) tabs.push({ name: 'board', label: '排行' })
    if (state === 'FINAL') tabs.push({ name: 'results', label: '结果' })
    if (['MARKING', 'FINAL'].includes(state)) tabs.push({ name: 'analysis', label: '分析' })
  }
  return tabs
}

/** The monitor's (and the live board's) refresh while the contest runs. */
export const MONITOR_POLL_MS = 10000

/** Whether the paper can still be composed at `now`: until the window opens. */
export const paperOpen = (c, now = Date.now()) => !!c && c.state !== 'FINAL' && now < Date.parse(c.startsAt ?? '')

/** Whether workers (or teams) can be registered at `now`. */
export function registrationOpen(c, now = Date.now()) {
  return !!c && c.state === 'REGISTRATION' && now >= Date.parse(c.registrationOpens ?? '') && now < Date.parse(c.registrationCloses ?? '')
}

// ---- the server's messages ----

export const FIELD_LABELS = {
  name: '竞赛名称', tier: '竞赛级别', organiser: '主办单位', tradeId: '工种', format: '赛制',
  registrationOpens: '报名开始时间', registrationCloses: '报名截止时间', startsAt: '比赛开始时间', endsAt: '比赛结束时间',
  durationSeconds: '答题时长', durationMinutes: '答题时长', attemptsAllowed: '作答次数', qualifyCount: '出线名额',
  promoteTop: '晋级名额', teamDrawn: '每队抽签人数', teamNamed: '每队指定人数', qualifiesFrom: '资格来源竞赛',
  questionIds: '试题', drawRule: '抽题规则', grade: '等级', count: '题数', accountIds: '账号', enterpriseId: '单位', named: '指定队员',
}

const LEVEL_NAMES = { ENTERPRISE: '企业', COUNTY: '县（区）', CITY: '市', PROVINCE: '省' }

/** The form's field for a violation's field: "durationSeconds" → "durationMinutes", "questionIds[3]" → "questionIds". */
export function formField(field) {
  const base = String(field ?? '').replace(/\[\d+\].*$/, '')
  return base === 'durationSeconds' ? 'durationMinutes' : base
}

/** One violation's message in Chinese (the contest endpoints and Bean Validation write English). */
export function violationText(field, message) {
  const text = String(message ?? '')
  if (/[\u4e00-\u9fff]/.test(text)) return text
  const base = formField(field)
  const label = FIELD_LABELS[base] ?? base
  let m
  if (/^must not be (blank|null|empty)$/.test(text)) return ['tier', 'organiser', 'tradeId', 'format'].includes(base) || /Opens|Closes|At$/.test(base) ? `请选择${label}` : `请填写${label}`
  if (String(field) === 'durationSeconds' && (m = /^must be (greater|less) than or equal to (\d+)$/.exec(text))) {
    return `答题时长不能${m[1] === 'greater' ? '少于' : '超过'} ${Math.round(Number(m[2]) / 6) / 10} 分钟`
  }
  if ((m = /^must be greater than or equal to (-?\d+)$/.exec(text))) return `${label}不能小于 ${m[1]}`
  if ((m = /^must be less than or equal to (-?\d+)$/.exec(text))) return `${label}不能大于 ${m[1]}`
  if ((m = /^size must be between (\d+) and (\d+)$/.exec(text))) return `${label}的数量（长度）须在 ${m[1]} 到 ${m[2]} 之间`
  if (/^must be ENTERPRISE, COUNTY, CITY or PROVINCE$/.test(text)) return '请选择竞赛级别'
  if (/^must be INDIVIDUAL or TEAM$/.test(text)) return '请选择赛制'
  if (text === 'must be after registrationOpens') return '报名截止时间须晚于报名开始时间'
  if (text === 'must not be before registrationCloses') return '比赛开始时间不能早于报名截止时间'
  if (text === 'must be after startsAt') return '比赛结束时间须晚于比赛开始时间'
  if (/window is at most (\d+) days/.test(text)) return `比赛时间最长 ${/at most (\d+)/.exec(text)[1]} 天`
  if (/^a TEAM contest draws at least one member/.test(text)) return '团体赛每队至少抽签 1 人'
  if (text === 'must be region:ID or enterprise:ID') return '请选择主办单位'
  if ((m = /^an? (\w+) contest is organised by a unit of that level, not an? (\w+)$/.exec(text))) {
    return `${TIERS[m[1]] ?? m[1]}竞赛须由${LEVEL_NAMES[m[1]] ?? m[1]}级单位主办，所选单位是${LEVEL_NAMES[m[2]] ?? m[2]}级`
  }
  if (text === 'a question appears twice') return '试卷中有重复的题目'
  if (/^is no published question of the contest's trade$/.test(text)) return '不是本工种已发布的题目'
  if (/^is no draw rule/.test(text)) return '抽题规则无法识别'
  if ((m = /^a team names at most (\d+) members$/.exec(text))) return `每队最多指定 ${m[1]} 人`
  if (/^holds someone who is not a worker of the trade/.test(text)) return '指定队员中有人不是该单位本工种的职工'
  return `${label}有误（${text}）`
}

/** The violations of a failed request by form field (the first message of each), in Chinese. */
export function contestViolations(e) {
  const out = {}
  for (const v of e instanceof ApiError ? e.violations : (e?.violations ?? [])) {
    if (!v?.field) continue
    const field = formField(v.field)
    if (!(field in out)) out[field] = violationText(v.field, v.message)
  }
  return out
}

/** What a 409 contest-state "needs it …" asks for, in words. */
const WANTED = {
  'a DRAFT': '草稿状态',
  'in REGISTRATION': '报名中',
  'a closed TEAM contest': '已截止报名的团体赛',
  'past its window (MARKING)': '比赛结束后（含交卷宽限时间）',
  'past its window': '比赛结束后',
  FINAL: '定榜后',
  RUNNING: '比赛中',
}

const PROBLEMS = {
  'paper-frozen': '比赛已经开始，试卷已冻结，不能再修改',
  'registration-open': '报名截止时间还没到，不能截止报名',
  'registration-closed': '现在不在报名时间内（报名未开始或已截止）',
  'team-contest': '团体赛按单位报名，各单位的参赛队员由名册抽签产生，不能逐个报名职工',
  'individual-contest': '个人赛按职工报名，不能以单位报名',
  'contest-over': '比赛时间已过，不能再抽签',
  'empty-question-bank': '本工种的学习题库还没有已发布的题目，无法按规则组卷',
  'contest-no-paper': '竞赛还没有试卷',
}

const slugOf = (type) => (type ? String(type).slice(String(type).lastIndexOf('/') + 1) : null)

/** What to tell the organiser or trainer about a failed contest request, in Chinese. */
export function contestErrorText(e) {
  if (e instanceof ApiError || (e && typeof e === 'object' && 'status' in e && 'type' in e)) {
    const slug = slugOf(e.type)
    if (slug === 'contest-state') {
      const m = /The contest is (\w+); this needs it (.+)$/.exec(e.detail ?? '')
      if (m) {
        if (m[1] === 'MARKING' && m[2].startsWith('past its window (MARKING)')) return '比赛刚结束，交卷宽限时间还没过，请稍后再定榜'
        return `竞赛当前为“${stateLabel(m[1])}”，这项操作须在${WANTED[m[2]] ?? m[2]}进行，请刷新后查看`
      }
      return '竞赛的状态已经变化，请刷新后查看'
    }
    if (PROBLEMS[slug]) return PROBLEMS[slug]
    if ((e.status === 400 || e.status === 422) && e.violations?.length) {
      return [...new Set(e.violations.map((v) => `${FIELD_LABELS[formField(v.field)] ?? formField(v.field)}：${violationText(v.field, v.message)}`))].join('；')
    }
  }
  return errorText(e)
}

// ---- registration ----

/** Why a bulk registration refused a worker, in Chinese. */
export function refusalText(reason) {
  const text = String(reason ?? '')
  if (text === 'is no worker') return '不是职工账号'
  if (text === 'works in another trade') return '不是本竞赛工种的职工'
  if (/not in your scope/.test(text)) return '不在您的管辖范围或竞赛范围内'
  return text
}

/**
 * Account ids pasted by the organiser (one a line, or separated by commas, spaces, 、 or ；): the distinct ids in the
 * order given and the pieces that are no id.
 */
export function parseIds(text) {
  const ids = []
  const invalid = []
  const seen = new Set()
  for (const piece of String(text ?? '').split(/[\s,，、;；]+/)) {
    if (!piece) continue
    if (!/^[1-9]\d{0,17}$/.test(piece) || !Number.isSafeInteger(Number(piece))) {
      invalid.push(piece)
      continue
    }
    const id = Number(piece)
    if (!seen.has(id)) {
      seen.add(id)
      ids.push(id)
    }
  }
  return { ids, invalid }
}

// ---- the paper ----

/** The paper by rule as the level editor edits a level (lib/levelMap.js): its draw rule, grade and question count. */
export function paperRule(grade = 5, count = 20) {
  return fromLevel({ name: '竞赛试卷', grade, exam: false, questionCount: count, timeLimitSeconds: 600, passMark: 60, star1: 60, star2: 80, star3: 100, drawRule: { parts: [] } })
}

/** The rule's problems by field as the level editor names them (grade, questionCount, drawRule, parts.<key>.…). */
export function paperRuleProblems(rule) {
  const { name: _name, timeLimitSeconds: _t, passMark: _p, star3: _s, ...rest } = checkLevel(rule)
  return rest
}

/** POST /api/contests/{id}/paper/draw's body: the level editor's draw rule as JSON text. */
export function paperRuleBody(rule) {
  return { drawRule: JSON.stringify(toDraft(rule).drawRule), grade: rule.grade, count: rule.questionCount }
}

/** The chosen questions with `id` moved by `step` (-1 up, +1 down); a new array. */
export function moveQuestion(list, index, step) {
  const to = index + step
  if (index < 0 || to < 0 || index >= list.length || to >= list.length) return list
  const next = [...list]
  const [q] = next.splice(index, 1)
  next.splice(to, 0, q)
  return next
}

// ---- the draw ----

/** SHA-256 of the text's UTF-8 bytes, in lower-case hex (the browser's Web Crypto: a secure context). */
export async function sha256Hex(text) {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** What a roster's hash is of: its account ids ascending, joined by commas ("17,42,108"). */
export const rosterText = (ids) => [...(ids ?? [])].map(Number).sort((a, b) => a - b).join(',')

/** What a member's ticket is the hash of. */
export const ticketText = (seed, enterpriseId, accountId) => `${seed}:${enterpriseId}:${accountId}`

/**
 * Re-computes the published draw as anyone can: the seed hashes to the commitment, each roster to its hash, and
 * the members drawn are the `drawnPerTeam` smallest tickets among those the unit did not name (ties: the smaller
 * account id). Each check is true, false, or null when there is nothing to check yet.
 * -> { commitment, teams: [{ enterpriseId, roster, drawn, expected }], ok }
 */
export async function verifyDraw(draw, hash = sha256Hex) {
  const seed = draw?.seed ?? null
  const commitment = seed && draw.seedCommitment ? (await hash(seed)) === draw.seedCommitment : null
  const teams = []
  for (const t of draw?.teams ?? []) {
    const roster = (t.roster ?? []).map(Number)
    const rosterOk = t.rosterHash ? (await hash(rosterText(roster))) === t.rosterHash : null
    let drawn = null
    let expected = null
    if (seed && draw.drawnAt) {
      const named = new Set((t.named ?? []).map(Number))
      const tickets = []
      for (const id of roster.filter((a) => !named.has(a))) tickets.push({ id, ticket: await hash(ticketText(seed, t.enterpriseId, id)) })
      tickets.sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : a.id - b.id))
      expected = tickets.slice(0, draw.drawnPerTeam ?? 0).map((x) => x.id).sort((a, b) => a - b)
      const actual = (t.drawn ?? []).map(Number).sort((a, b) => a - b)
      drawn = expected.length === actual.length && expected.every((id, i) => id === actual[i])
    }
    teams.push({ enterpriseId: t.enterpriseId, roster: rosterOk, drawn, expected })
  }
  const checks = [commitment, ...teams.flatMap((t) => [t.roster, t.drawn])].filter((x) => x != null)
  return { commitment, teams, ok: checks.length ? checks.every(Boolean) : null }
}

// ---- results and analysis ----

/** A placing's promotion note: PROMOTED, or why the promotion was not recorded (the server's words). */
export function promotionOf(note) {
  if (note == null || note === '') return null
  if (note === 'PROMOTED') return { promoted: true, label: '已晋级', reason: '' }
  return { promoted: false, label: '未晋级', reason: String(note) }
}

/** The contest's error rate over every answer to a knowledge point (answered and wrong summed over the points). */
export function overallErrorRate(points) {
  let answered = 0
  let wrong = 0
  for (const p of points ?? []) {
    answered += Number(p.answered) || 0
    wrong += Number(p.wrong) || 0
  }
  return answered ? wrong / answered : null
}

/** A share of a whole in percent, one decimal: "72.5%"; "—" when there is no whole. */
export function ratio(part, total) {
  return total ? `${(Math.round((part / total) * 1000) / 10).toFixed(1)}%` : '—'
}

// ---- a table as CSV ----

/**
 * A table as CSV text for Excel: a byte-order mark (so that Excel reads UTF-8 Chinese), CRLF lines, fields quoted
 * where needed, and a leading = + - @ defused (a cell is never read as a formula).
 * columns: [{ label, value(row) }].
 */
export function toCsv(columns, rows) {
  const cell = (v) => {
    let s = v == null ? '' : String(v)
    if (/^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [columns.map((c) => cell(c.label)).join(',')]
  for (const row of rows ?? []) lines.push(columns.map((c) => cell(c.value(row))).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/** A file name from the contest's name: characters Windows refuses replaced. */
export const fileName = (contestName, what, ext = 'csv') => `${String(contestName ?? '竞赛').replace(/[\\/:*?"<>|]/g, '_')}-${what}.${ext}`

// ---- a trainer's recent contests ----

export const RECENT_MAX = 20
export const recentKey = (accountId) => `cg.console.contests.${accountId ?? 'anon'}`

/** The ids of the contests a trainer opened, newest first, with `id` put first (at most RECENT_MAX). */
export function rememberRecent(list, id) {
  const n = Number(id)
  if (!Number.isSafeInteger(n) || n <= 0) return list ?? []
  return [n, ...(list ?? []).filter((x) => x !== n)].slice(0, RECENT_MAX)
}

/** The stored list, whatever was stored (nothing, or not a list of ids, reads as none). */
export function readRecent(text) {
  try {
    const list = JSON.parse(text ?? '[]')
    return Array.isArray(list) ? list.filter((x) => Number.isSafeInteger(x) && x > 0).slice(0, RECENT_MAX) : []
  } catch {
    return []
  }
}

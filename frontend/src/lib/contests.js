/**
 * Labels and rules of the skills contests (技能竞赛) as the worker's screens show them. Pure functions: the state,
 * my part (`mine`) and the times all come from the server; the countdowns run on the server's clock (the offset of
 * the answer's `serverTime`, see lib/clock.js).
 */
import { formatRemaining, remainingMs } from './clock.js'

export const TIERS = { ENTERPRISE: '企业级', COUNTY: '县级', CITY: '市级', PROVINCE: '省级' }
export const FORMATS = { INDIVIDUAL: '个人赛', TEAM: '团体赛' }

/** Each state's badge: the words and the Vant tag type. */
const STATES = {
  DRAFT: { label: '筹备中', type: 'default' },
  REGISTRATION: { label: '报名中', type: 'success' },
  CLOSED: { label: '待开赛', type: 'warning' },
  DRAWN: { label: '待开赛', type: 'warning' },
  RUNNING: { label: '进行中', type: 'primary' },
  MARKING: { label: '待公布成绩', type: 'default' },
  FINAL: { label: '成绩已公布', type: 'success' },
}

export function tierLabel(tier) {
  return TIERS[tier] ?? tier ?? ''
}

export function formatLabel(format) {
  return FORMATS[format] ?? format ?? ''
}

/** The badge of a contest's state: a team contest closed for registration is waiting for its draw. */
export function stateBadge(contest) {
  const state = contest?.state
  if (state === 'CLOSED' && contest.format === 'TEAM') return { label: '待抽签', type: 'warning' }
  return STATES[state] ?? { label: state ?? '', type: 'default' }
}

export function stateLabel(contest) {
  return stateBadge(contest).label
}

/** Whether the team draw has taken place: the seed is revealed from DRAWN on. */
export function drawDone(state) {
  return ['DRAWN', 'RUNNING', 'MARKING', 'FINAL'].includes(state)
}

/** My part in a TEAM contest's team, in words; null for an INDIVIDUAL contest. */
export function teamRoleLabel(contest) {
  if (contest?.format !== 'TEAM') return null
  const role = contest.mine?.teamRole ?? null
  if (role === 'NAMED') return '指定参赛'
  if (role === 'DRAWN') return '被抽中'
  if (role === 'ROSTER') return drawDone(contest.state) ? '未抽中' : '待抽签'
  return contest.state === 'REGISTRATION' ? '报名截止后抽签' : '不在参赛名册中'
}

/** Whether I may run in the contest: registered (INDIVIDUAL), or named or drawn for my unit's team (TEAM). */
export function entitled(contest) {
  const mine = contest?.mine
  if (!mine) return false
  if (contest.format === 'TEAM') return mine.teamRole === 'NAMED' || mine.teamRole === 'DRAWN'
  return !!mine.registered
}

export function runsLeft(contest) {
  return Math.max(0, (contest?.attemptsAllowed ?? 0) - (contest?.mine?.runsUsed ?? 0))
}

/** Whether the start button shows: the contest running, I am entitled, and a run is open or one is left. */
export function canStart(contest) {
  if (contest?.state !== 'RUNNING' || !entitled(contest)) return false
  return contest.mine.openRunId != null || runsLeft(contest) > 0
}

export function startLabel(contest) {
  if (contest?.mine?.openRunId != null) return '继续答题'
  if (!contest?.mine?.runsUsed) return '开始答题'
  return `再答一次（还剩 ${runsLeft(contest)} 次）`
}

/** Whether the 针对性练习 (follow-up) is offered: the window over and I have handed in a run. */
export function canFollowUp(contest) {
  return (contest?.state === 'MARKING' || contest?.state === 'FINAL') && (contest.mine?.runsUsed ?? 0) > 0
}

/** A contest I take part in: registered, on my unit's team, or with a run or a placing. */
export function isMine(contest) {
  const mine = contest?.mine
  if (!mine) return false
  return !!mine.registered || mine.teamRole === 'NAMED' || mine.teamRole === 'DRAWN' || (mine.runsUsed ?? 0) > 0 || mine.place != null
}

const ORDER = ['RUNNING', 'REGISTRATION', 'DRAWN', 'CLOSED', 'MARKING', 'FINAL']

/**
 * The list's order: running first, then open for registration, then waiting to start (soonest first); contests over
 * last, the latest first.
 */
export function sortContests(list) {
  const rank = (c) => {
    const i = ORDER.indexOf(c.state)
    return i < 0 ? ORDER.length : i
  }
  return [...(list ?? [])].sort((a, b) => {
    const r = rank(a) - rank(b)
    if (r !== 0) return r
    const da = Date.parse(a.startsAt) || 0
    const db = Date.parse(b.startsAt) || 0
    const over = a.state === 'MARKING' || a.state === 'FINAL'
    return over ? db - da : da - db
  })
}

/**
 * What the lobby counts down to: the start while waiting for it, the end while running; null once over.
 * `kind` is 'start' or 'end'.
 */
export function lobbyTarget(contest) {
  if (!contest) return null
  if (contest.state === 'RUNNING') return { kind: 'end', label: '距离竞赛结束', at: contest.endsAt }
  if (['REGISTRATION', 'CLOSED', 'DRAWN'].includes(contest.state) && contest.startsAt) {
    return { kind: 'start', label: '距离开赛', at: contest.startsAt }
  }
  return null
}

/** Milliseconds until `at` (ISO) by the server's clock (`offset` = server − phone), never negative. */
export function untilMs(at, offset = 0, now = Date.now()) {
  const left = remainingMs(at, offset, now)
  return Number.isFinite(left) ? Math.max(0, left) : 0
}

/** A countdown in words a worker reads at a glance: "2 天 03:04:05" from a day up, else "03:04:05" or "04:05". */
export function formatCountdown(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const days = Math.floor(total / 86400)
  if (days === 0) return formatRemaining(total * 1000)
  const rest = total % 86400
  const h = String(Math.floor(rest / 3600)).padStart(2, '0')
  const m = String(Math.floor((rest % 3600) / 60)).padStart(2, '0')
  const s = String(rest % 60).padStart(2, '0')
  return `${days} 天 ${h}:${m}:${s}`
}

/** Time taken: "45 秒", "12 分 05 秒", "1 小时 02 分"; "–" when unknown. */
export function formatElapsed(ms) {
  if (ms == null || !Number.isFinite(Number(ms))) return '–'
  const total = Math.max(0, Math.round(Number(ms) / 1000))
  if (total < 60) return `${total} 秒`
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h > 0) return `${h} 小时 ${String(m).padStart(2, '0')} 分`
  return `${m} 分 ${String(s).padStart(2, '0')} 秒`
}

/** My unit's team in the draw proof, by my enterprise's id; null when it has none. */
export function myUnitTeam(draw, enterpriseId) {
  if (enterpriseId == null) return null
  return draw?.teams?.find((t) => t.enterpriseId === enterpriseId) ?? null
}

/** SHA-256 of a text in lower-case hex, with the browser's Web Crypto; null where it is unavailable (plain http). */
export async function sha256Hex(text) {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return null
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Checks the draw on the phone, as the published algorithm says: the seed hashes to the commitment published at the
 * close, and the roster (account ids ascending, joined by ",") to its published hash. Each is true, false, or null
 * when it cannot be checked (no seed yet, no roster, no Web Crypto).
 */
export async function verifyDraw(draw, team) {
  const out = { seed: null, roster: null }
  if (draw?.seed && draw.seedCommitment) {
    const hash = await sha256Hex(draw.seed)
    out.seed = hash == null ? null : hash === draw.seedCommitment.toLowerCase()
  }
  if (team?.rosterHash && team.roster?.length) {
    const hash = await sha256Hex([...team.roster].sort((a, b) => a - b).join(','))
    out.roster = hash == null ? null : hash === team.rosterHash.toLowerCase()
  }
  return out
}

/** Errors of the HTTP layer, each with a plain Chinese message a worker can act on. */

export class ApiError extends Error {
  /**
   * @param {string} message Chinese, shown to the user as is
   * @param {object} info status (0 when the network failed), type (problem slug), detail, violations, retryAfter, network
   */
  constructor(message, info = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = info.status ?? 0
    this.type = info.type ?? null
    this.detail = info.detail ?? null
    this.violations = info.violations ?? []
    this.retryAfter = info.retryAfter ?? null
    this.network = !!info.network
    this.timeout = !!info.timeout
  }

  /** Whether sending the same request again may succeed: network trouble, timeouts, overload, a gateway hiccup. */
  get retriable() {
    return this.network || this.status === 408 || this.status === 429 || this.status >= 500
  }
}

export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试'
export const TIMEOUT_MESSAGE = '网络太慢，请求超时，请稍后重试'
/** What the worker reads for an error not of the API: a screen that could not be loaded (network), a bug. */
export const LOAD_FAILED_MESSAGE = '页面加载失败，请检查网络后重试'

/**
 * The message to show for any error: the Chinese one of an ApiError (or of our own errors), never the browser's
 * English, e.g. "Failed to fetch dynamically imported module" when a screen's chunk cannot be fetched.
 */
export function plainMessage(e) {
  if (e instanceof ApiError) return e.message
  return /[\u4e00-\u9fff]/.test(e?.message ?? '') ? e.message : LOAD_FAILED_MESSAGE
}

/** A success status with a body that is not the API's JSON: a carrier's or a proxy's page, a cut-off answer. */
export const UNREADABLE_MESSAGE = '网络异常，没有收到服务器的正常回应，请检查网络后重试'

const BY_TYPE = {
  'invalid-credentials': '手机号或密码错误',
  'invalid-refresh-token': '登录已过期，请重新登录',
  unauthenticated: '登录已过期，请重新登录',
  'out-of-scope': '没有权限查看或操作这项内容',
  forbidden: '没有权限查看或操作这项内容',
  'level-locked': '本关还未解锁，请先通过上一关',
  'not-found': '内容不存在或已被删除',
  'attempt-timed-out': '答题时间已到，本次作答已关闭，不计成绩',
  unprocessable: '提交的答案与试卷不符，请刷新后重试',
  'wrong-answer-book-empty': '错题本里暂时没有需要练习的题目',
  'empty-question-bank': '本关暂时没有题目，请稍后再来',
  'not-eligible': '暂不符合晋级条件',
  'application-pending': '已有一份晋级申请正在审核中，请耐心等待',
  'already-decided': '该申请已经审核过了',
  'scope-id-required': '您不属于这个范围，无法查看该排行榜',
  'boards-rebuilding': '排行榜正在更新，请几秒后再试',
  'boards-unavailable': '排行榜暂时无法读取，请稍后再试',
  busy: '服务器繁忙，请稍后再试',
  'registration-closed': '现在不在报名时间内，无法报名',
  'team-contest': '团体赛由单位统一组队，无需个人报名',
  'contest-runs-used': '本场竞赛的答题次数已用完',
  'contest-no-paper': '竞赛试卷还没有准备好，请稍后再试',
  'contest-start-under-way': '正在进入考场，请稍后再试',
  'contest-state': '竞赛状态已变化，请刷新后重试',
  'nothing-to-follow-up': '本场竞赛没有答错的题，不需要针对性练习',
  'no-practice-questions': '练习题库里暂时没有这些知识点的题目',
}

const FIELD_MESSAGES = {
  phone: '请输入正确的11位手机号',
  password: '请输入密码',
  refreshToken: '登录已过期，请重新登录',
}

function minutes(seconds) {
  return Math.max(1, Math.ceil(seconds / 60))
}

/** "30 秒", "5 分钟", "3 小时": how long to wait, in words a worker reads at a glance. */
function waitText(seconds) {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} 秒`
  if (seconds < 3600) return `${minutes(seconds)} 分钟`
  return `${Math.ceil(seconds / 3600)} 小时`
}

/** The slug of a problem type URL: "https://chuangguan.io/problems/level-locked" → "level-locked". */
export function problemSlug(type) {
  if (!type) return null
  const i = type.lastIndexOf('/')
  return i >= 0 ? type.slice(i + 1) : type
}

/**
 * Turns an HTTP error (problem+json body or none) into a readable Chinese message.
 * @param {number} status
 * @param {object|null} problem the parsed problem+json body
 * @param {number|null} retryAfter seconds from the Retry-After header
 */
export function messageFor(status, problem, retryAfter = null) {
  const slug = problemSlug(problem?.type)
  if (slug === 'too-many-login-attempts') {
    return `登录失败次数过多，请 ${minutes(retryAfter ?? 900)} 分钟后再试`
  }
  if (slug === 'too-many-login-slowed') {
    // the phone number is under attack from elsewhere: the owner's usual phone is not slowed
    return `该手机号近期登录失败较多，为保护账号，请 ${waitText(retryAfter ?? 30)}后再试（在常用的手机上登录不受影响）`
  }
  if (slug === 'too-many-exam-starts') {
    return `本考核今天的考试次数已用完，请 ${waitText(retryAfter ?? 86400)}后再来`
  }
  if (status === 429) {
    // our own limits (too-many-…) or a gateway's: nothing to do with the login
    return retryAfter ? `操作太频繁，请 ${waitText(retryAfter)}后再试` : '操作太频繁，请稍后再试'
  }
  if (slug && BY_TYPE[slug]) return BY_TYPE[slug]
  if (status === 400 || status === 422) {
    const v = problem?.violations?.find((x) => FIELD_MESSAGES[x.field])
    if (v) return FIELD_MESSAGES[v.field]
    return '提交的信息有误，请检查后重试'
  }
  if (status === 401) return '登录已过期，请重新登录'
  if (status === 403) return '没有权限查看或操作这项内容'
  if (status === 404) return '内容不存在或已被删除'
  if (status === 409) return '操作与当前状态冲突，请刷新后重试'
  if (status === 502 || status === 503 || status === 504) return `服务器暂时无法访问，请稍后再试（${status}）`
  if (status >= 500) return `服务器开小差了，请稍后再试（${status}）`
  return `请求失败（${status}），请稍后再试`
}

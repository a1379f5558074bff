export function paper(overrides = {}) {
  const now = Date.now()
  return {
    attemptId: 42,
    mode: 'CHALLENGE',
    status: 'OPEN',
    levelId: 1,
    startedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 600000).toISOString(),
    serverTime: new Date(now).toISOString(),
    timeLimitSeconds: 600,
    questions: [
      { id: 11, type: 'SINGLE', stem: '安全色中表示禁止的颜色是（ ）。', options: [
        { key: 'A', text: '蓝色' }, { key: 'B', text: '绿色' }, { key: 'C', text: '黄色' }, { key: 'D', text: '红色' }] },
      { id: 12, type: 'MULTIPLE', stem: '常用的脱氧剂有（ ）。', options: [
        { key: 'A', text: '萤石' }, { key: 'B', text: '硅铁' }, { key: 'C', text: '锰铁' }, { key: 'D', text: '铝' }] },
      { id: 13, type: 'TRUE_FALSE', stem: '进入煤气区域作业必须携带煤气报警仪。', options: [
        { key: 'A', text: '正确' }, { key: 'B', text: '错误' }] },
    ],
    ...overrides,
  }
}

export function submission(overrides = {}) {
  return {
    attemptId: 42, mode: 'CHALLENGE', score: 67, correctCount: 2, total: 3, passed: true, stars: 1, pointsEarned: 67,
    bestScore: 67, nextLevelUnlocked: true, nextLevelId: 2, submittedAt: new Date().toISOString(), counted: true, questions: [],
    ranks: { status: 'OK', trade: { week: 3, allTime: 9 }, enterprise: { week: 1, allTime: 2 }, province: { week: 30, allTime: 80 } },
    ...overrides,
  }
}

/** An open contest run (RunView) of contest 3 with the same three questions. */
export function contestRun(overrides = {}) {
  const now = Date.now()
  const { questions } = paper()
  return {
    runId: 91,
    contestId: 3,
    status: 'OPEN',
    startedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 1800000).toISOString(),
    serverTime: new Date(now).toISOString(),
    timeLimitSeconds: 1800,
    questions,
    total: 3,
    ...overrides,
  }
}

/** The answer to a contest run's submission: the score, no keys before the contest is final. */
export function runScored(overrides = {}) {
  return {
    runId: 91, contestId: 3, status: 'SUBMITTED', startedAt: new Date().toISOString(), expiresAt: new Date().toISOString(),
    serverTime: new Date().toISOString(), timeLimitSeconds: 1800, score: 67, correctCount: 2, total: 3, elapsedMs: 725000,
    ...overrides,
  }
}

/** A contest (ContestView) as a worker sees it, with their part in it. */
export function contestView(overrides = {}) {
  const now = Date.now()
  const { mine, ...rest } = overrides
  return {
    id: 3, name: '全市炼钢工技能竞赛', tier: 'CITY', organiser: 'region:2', organiserName: '济南市总工会', tradeId: 1,
    format: 'INDIVIDUAL',
    registrationOpens: new Date(now - 86400000).toISOString(), registrationCloses: new Date(now + 3600000).toISOString(),
    startsAt: new Date(now + 7200000).toISOString(), endsAt: new Date(now + 4 * 3600000).toISOString(),
    durationSeconds: 1800, attemptsAllowed: 2, qualifyCount: 10, promoteTop: 3, teamDrawn: null, teamNamed: 0,
    state: 'REGISTRATION', serverTime: new Date(now).toISOString(), paperSize: 3,
    mine: { registered: false, mayRegister: true, teamRole: null, runsUsed: 0, openRunId: null, bestScore: null, place: null,
      qualified: false, certificateNo: null, ...mine },
    ...rest,
  }
}

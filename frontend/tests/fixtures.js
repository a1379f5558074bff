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

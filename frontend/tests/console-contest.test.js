import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/errors.js'
import {
  CONTEST_STATES, clockOffset, contestActions, contestBody, contestErrorText, contestProblems, contestSteps, contestTabs,
  contestViolations, emptyContest, fileName, formatDuration, formatElapsed, fromContest, moveQuestion, organiserFallback,
  overallErrorRate, paperOpen, paperRule, paperRuleBody, paperRuleProblems, parseIds, parseOrganiser, promotionOf, ratio,
  readRecent, refusalText, registrationOpen, rememberRecent, rosterText, sha256Hex, startWarning, stateBoundaries, stateOf,
  tierOfUnit, toCsv, toInstant, verifyDraw, violationText,
} from '../src/console/lib/contest.js'
import { newPart } from '../src/console/lib/levelMap.js'
import { pointsOption, unitOption } from '../src/console/lib/contestCharts.js'

const HOUR = 3600000
const DAY = 24 * HOUR
const T0 = Date.parse('2027-03-01T02:00:00Z') // 10:00 in Beijing
const at = (ms) => new Date(T0 + ms).toISOString()
const sha = (text) => createHash('sha256').update(text, 'utf8').digest('hex')

function view(overrides = {}) {
  return {
    id: 5, name: '2027年济南市炼钢工技能竞赛', tier: 'CITY', organiser: 'region:2', tradeId: 11, format: 'INDIVIDUAL',
    registrationOpens: at(0), registrationCloses: at(7 * DAY), startsAt: at(8 * DAY), endsAt: at(8 * DAY + 4 * HOUR),
    durationSeconds: 5400, attemptsAllowed: 2, qualifyCount: 3, promoteTop: 1, teamNamed: 0, state: 'DRAFT',
    serverTime: at(0), paperSize: 0, qualifiesFrom: null,
    ...overrides,
  }
}

function filled(overrides = {}) {
  return { ...emptyContest(), ...fromContest(view()), ...overrides }
}

describe('the states', () => {
  it('name and colour every state of the API, and something for one it does not know', () => {
    expect(Object.keys(CONTEST_STATES)).toEqual(['DRAFT', 'REGISTRATION', 'CLOSED', 'DRAWN', 'RUNNING', 'MARKING', 'FINAL'])
    expect(stateOf('REGISTRATION')).toMatchObject({ label: '报名中', tag: 'primary' })
    expect(stateOf('RUNNING')).toMatchObject({ label: '比赛中', tag: 'success', effect: 'dark' })
    expect(stateOf('MARKING')).toMatchObject({ label: '待定榜', tag: 'danger' })
    expect(stateOf('FINAL').label).toBe('已定榜')
    for (const s of Object.values(CONTEST_STATES)) {
      expect(['primary', 'success', 'info', 'warning', 'danger']).toContain(s.tag)
      expect(s.color).toMatch(/^#[0-9a-f]{6}$/)
    }
    expect(stateOf('PAUSED')).toMatchObject({ label: 'PAUSED', tag: 'info' })
  })

  it('lays out the course, with a draw step for a team contest only', () => {
    expect(contestSteps(view({ state: 'REGISTRATION' })).steps.map((s) => s.state)).toEqual(['DRAFT', 'REGISTRATION', 'CLOSED', 'RUNNING', 'MARKING', 'FINAL'])
    const team = contestSteps(view({ format: 'TEAM', state: 'DRAWN' }))
    expect(team.steps.map((s) => s.label)).toEqual(['草稿', '报名中', '报名已截止', '已抽签', '比赛中', '待定榜', '已定榜'])
    expect(team.active).toBe(3)
    expect(team.steps[4].time).toBe(at(8 * DAY))
    expect(stateBoundaries(view())).toEqual([T0, T0 + 7 * DAY, T0 + 8 * DAY, T0 + 8 * DAY + 4 * HOUR])
  })
})

describe('units and times', () => {
  it('knows which tier a unit organises', () => {
    expect(tierOfUnit({ kind: 'ENTERPRISE', id: 3, level: null })).toBe('ENTERPRISE')
    expect(tierOfUnit({ kind: 'REGION', id: 2, level: 'CITY' })).toBe('CITY')
    expect(tierOfUnit({ kind: 'REGION', id: 12, level: 'COUNTY' })).toBe('COUNTY')
    expect(tierOfUnit({ kind: 'TEAM', id: 9, level: null })).toBeNull()
    expect(parseOrganiser('enterprise:3')).toEqual({ kind: 'ENTERPRISE', id: 3 })
    expect(parseOrganiser('team:9')).toBeNull()
    expect(parseOrganiser('region:0')).toBeNull()
    expect(organiserFallback('region:12')).toBe('地区 #12')
  })

  it('formats the time a run took to a tenth of a second, as the board breaks ties on it', () => {
    expect(formatElapsed(0)).toBe('0.0 秒')
    expect(formatElapsed(34549)).toBe('34.5 秒')
    expect(formatElapsed(59960)).toBe('1 分 00.0 秒')
    expect(formatElapsed(754321)).toBe('12 分 34.3 秒')
    expect(formatElapsed(9 * 60000 + 4300)).toBe('9 分 04.3 秒')
    expect(formatElapsed(HOUR)).toBe('1 小时 00 分 00 秒')
    expect(formatElapsed(HOUR + 2 * 60000 + 5400)).toBe('1 小时 02 分 05 秒')
    expect(formatElapsed(null)).toBe('—')
    expect(formatElapsed(-1)).toBe('—')
    expect(formatDuration(5400)).toBe('90 分钟')
    expect(formatDuration(90)).toBe('1 分 30 秒')
  })

  it('reads pickers’ values as instants and the server’s clock', () => {
    expect(toInstant(new Date(T0))).toBe('2027-03-01T02:00:00.000Z')
    expect(toInstant('2027-03-01T10:00:00+08:00')).toBe('2027-03-01T02:00:00.000Z')
    expect(toInstant(T0)).toBe('2027-03-01T02:00:00.000Z')
    expect(toInstant('')).toBeNull()
    expect(toInstant('next tuesday')).toBeNull()
    expect(clockOffset(at(5000), T0)).toBe(5000)
    expect(clockOffset(undefined, T0)).toBe(0)
  })
})

describe('the definition form', () => {
  it('asks for every field of a new contest', () => {
    const problems = contestProblems(emptyContest())
    expect(Object.keys(problems).sort()).toEqual(['endsAt', 'name', 'organiser', 'registrationCloses', 'registrationOpens', 'startsAt', 'tier', 'tradeId'].sort())
    expect(problems.name).toBe('请填写竞赛名称')
    expect(problems.registrationOpens).toBe('请选择报名开始时间')
  })

  it('has nothing to say about a well-formed contest', () => {
    expect(contestProblems(filled())).toEqual({})
    // registration may close the moment the contest starts
    expect(contestProblems(filled({ startsAt: new Date(T0 + 7 * DAY) }))).toEqual({})
  })

  it('checks the windows’ order as the server does, at the server’s fields', () => {
    expect(contestProblems(filled({ registrationCloses: new Date(T0) })).registrationCloses).toBe('报名截止时间须晚于报名开始时间')
    expect(contestProblems(filled({ registrationCloses: new Date(T0 - HOUR) })).registrationCloses).toBe('报名截止时间须晚于报名开始时间')
    expect(contestProblems(filled({ startsAt: new Date(T0 + 7 * DAY - 1000) })).startsAt).toBe('比赛开始时间不能早于报名截止时间')
    expect(contestProblems(filled({ endsAt: new Date(T0 + 8 * DAY) })).endsAt).toBe('比赛结束时间须晚于比赛开始时间')
    expect(contestProblems(filled({ endsAt: new Date(T0 + 14 * DAY + 1000) })).endsAt).toBe('比赛时间最长 6 天')
    expect(contestProblems(filled({ endsAt: new Date(T0 + 14 * DAY) })).endsAt).toBeUndefined()
    expect(contestProblems(filled({ durationMinutes: 300 })).durationMinutes).toBe('答题时长不能超过比赛时间')
    expect(contestProblems(filled({ durationMinutes: 0 })).durationMinutes).toBe('答题时长须在 1 到 1440 分钟之间')
  })

  it('wants a team contest to draw someone, and the organiser of the tier’s level', () => {
    expect(contestProblems(filled({ format: 'TEAM', teamDrawn: null })).teamDrawn).toBe('每队抽签人数须在 1 到 50 之间')
    expect(contestProblems(filled({ format: 'INDIVIDUAL', teamDrawn: null }))).toEqual({})
    expect(contestProblems(filled(), { organiserTier: 'COUNTY' }).organiser).toBe('市级竞赛须由市级单位主办，所选单位只能主办县（区）级竞赛')
    expect(contestProblems(filled(), { organiserTier: 'CITY' })).toEqual({})
    expect(contestProblems(filled({ attemptsAllowed: 6 })).attemptsAllowed).toBe('作答次数须在 1 到 5 次之间')
  })

  it('builds the ContestDraft: instants, minutes as seconds, the team fields only for a team contest', () => {
    const body = contestBody(filled({ name: '  2027年济南市炼钢工技能竞赛 ', teamDrawn: 4, teamNamed: 2 }))
    expect(body).toEqual({
      name: '2027年济南市炼钢工技能竞赛', tier: 'CITY', organiser: 'region:2', tradeId: 11, format: 'INDIVIDUAL',
      registrationOpens: '2027-03-01T02:00:00.000Z', registrationCloses: '2027-03-08T02:00:00.000Z',
      startsAt: '2027-03-09T02:00:00.000Z', endsAt: '2027-03-09T06:00:00.000Z',
      durationSeconds: 5400, attemptsAllowed: 2, qualifyCount: 3, promoteTop: 1, teamDrawn: null, teamNamed: 0, qualifiesFrom: null,
    })
    const team = contestBody(filled({ format: 'TEAM', teamDrawn: 4, teamNamed: 2, qualifiesFrom: 3, durationMinutes: 1.5 }))
    expect(team).toMatchObject({ format: 'TEAM', teamDrawn: 4, teamNamed: 2, qualifiesFrom: 3, durationSeconds: 90 })
  })

  it('edits a contest as it was defined', () => {
    const c = view({ format: 'TEAM', teamDrawn: 5, teamNamed: 1, qualifiesFrom: 2 })
    const { id, state, serverTime, paperSize, ...definition } = c
    expect(contestBody(fromContest(c))).toEqual({
      ...definition,
      registrationOpens: new Date(c.registrationOpens).toISOString(),
      registrationCloses: new Date(c.registrationCloses).toISOString(),
      startsAt: new Date(c.startsAt).toISOString(),
      endsAt: new Date(c.endsAt).toISOString(),
    })
  })
})

describe('the server’s messages', () => {
  const problem = (status, type, detail, violations = []) =>
    new ApiError('提交的信息有误，请检查后重试', { status, type: `https://chuangguan.io/problems/${type}`, detail, violations })

  it('puts 400 violations at the form’s fields, in Chinese', () => {
    const e = problem(400, 'validation', 'The request has invalid fields', [
      { field: 'registrationCloses', message: 'must be after registrationOpens' },
      { field: 'endsAt', message: "a contest's window is at most 6 days" },
      { field: 'tier', message: 'a CITY contest is organised by a unit of that level, not a COUNTY' },
      { field: 'durationSeconds', message: 'must be greater than or equal to 60' },
      { field: 'name', message: 'must not be blank' },
      { field: 'organiser', message: 'must not be blank' },
    ])
    expect(contestViolations(e)).toEqual({
      registrationCloses: '报名截止时间须晚于报名开始时间',
      endsAt: '比赛时间最长 6 天',
      tier: '市级竞赛须由市级单位主办，所选单位是县（区）级',
      durationMinutes: '答题时长不能少于 1 分钟',
      name: '请填写竞赛名称',
      organiser: '请选择主办单位',
    })
    expect(contestErrorText(e)).toContain('报名截止时间：报名截止时间须晚于报名开始时间')
  })

  it('names the paper’s questions the server refused, and the rest in plain words', () => {
    expect(violationText('questionIds[2]', "is no published question of the contest's trade")).toBe('不是本工种已发布的题目')
    expect(violationText('named', 'a team names at most 2 members')).toBe('每队最多指定 2 人')
    expect(violationText('drawRule', 'is no draw rule: Unexpected character')).toBe('抽题规则无法识别')
    expect(violationText('durationSeconds', 'must be less than or equal to 86400')).toBe('答题时长不能超过 1440 分钟')
    expect(violationText('qualifyCount', 'must be greater than or equal to 0')).toBe('出线名额不能小于 0')
    expect(violationText('count', 'something new')).toBe('题数有误（something new）')
    expect(violationText('name', '名称已被占用')).toBe('名称已被占用')
  })

  it('says why a state change was refused', () => {
    expect(contestErrorText(problem(409, 'contest-state', 'The contest is REGISTRATION; this needs it a DRAFT')))
      .toBe('竞赛当前为“报名中”，这项操作须在草稿状态进行，请刷新后查看')
    expect(contestErrorText(problem(409, 'contest-state', 'The contest is MARKING; this needs it past its window (MARKING)')))
      .toBe('比赛刚结束，交卷宽限时间还没过，请稍后再定榜')
    expect(contestErrorText(problem(409, 'paper-frozen', 'The paper froze when the contest\'s window opened'))).toBe('比赛已经开始，试卷已冻结，不能再修改')
    expect(contestErrorText(problem(409, 'registration-open', 'Registration closes at …'))).toBe('报名截止时间还没到，不能截止报名')
    expect(contestErrorText(new ApiError('内容不存在或已被删除', { status: 404, type: 'not-found' }))).toBe('内容不存在或已被删除')
    expect(refusalText('works in another trade')).toBe('不是本竞赛工种的职工')
    expect(refusalText("is not in your scope and the contest's")).toBe('不在您的管辖范围或竞赛范围内')
  })
})

describe('what the organiser may do, and the tabs', () => {
  it('offers each action in its state, and close only once registration is due to close', () => {
    const keys = (c, now) => contestActions(c, now).map((a) => `${a.key}${a.enabled ? '' : '(off)'}`)
    expect(keys(view(), T0)).toEqual(['edit', 'publish'])
    expect(contestActions(view(), T0)[1].confirm).toContain('竞赛还没有试卷')
    expect(contestActions(view({ paperSize: 20 }), T0)[1].confirm).not.toContain('还没有试卷')
    expect(keys(view({ state: 'REGISTRATION' }), T0 + DAY)).toEqual(['close(off)'])
    expect(keys(view({ state: 'REGISTRATION' }), T0 + 7 * DAY)).toEqual(['close'])
    expect(contestActions(view({ state: 'REGISTRATION', format: 'TEAM' }), T0 + 7 * DAY)[0].confirm).toContain('承诺值')
    expect(keys(view({ state: 'CLOSED', format: 'TEAM' }), T0 + 7 * DAY)).toEqual(['draw'])
    expect(keys(view({ state: 'CLOSED', format: 'TEAM' }), T0 + 9 * DAY)).toEqual(['draw(off)'])
    expect(keys(view({ state: 'CLOSED' }), T0 + 7 * DAY)).toEqual([])
    expect(keys(view({ state: 'RUNNING' }), T0 + 8 * DAY)).toEqual([])
    expect(contestActions(view({ state: 'MARKING' }), T0 + 9 * DAY)).toMatchObject([{ key: 'finalise', enabled: true, danger: true }])
    expect(keys(view({ state: 'FINAL' }), T0 + 9 * DAY)).toEqual([])
  })

  it('warns that a team contest runs only once drawn', () => {
    expect(startWarning(view({ format: 'TEAM', state: 'CLOSED' }), T0 + 8 * DAY)).toContain('抽签')
    expect(startWarning(view({ format: 'TEAM', state: 'CLOSED' }), T0 + 7 * DAY)).toBe('')
    expect(startWarning(view({ state: 'CLOSED' }), T0 + 8 * DAY)).toBe('')
  })

  it('knows when the paper and registration are open', () => {
    expect(paperOpen(view({ state: 'CLOSED' }), T0 + 8 * DAY - 1)).toBe(true)
    expect(paperOpen(view({ state: 'RUNNING' }), T0 + 8 * DAY)).toBe(false)
    expect(registrationOpen(view({ state: 'REGISTRATION' }), T0)).toBe(true)
    expect(registrationOpen(view({ state: 'REGISTRATION' }), T0 + 7 * DAY)).toBe(false)
    expect(registrationOpen(view({ state: 'DRAFT' }), T0 + DAY)).toBe(false)
  })

  it('shows a trainer the paper, an organiser the tabs the contest has got to', () => {
    const names = (c, who) => contestTabs(c, who).map((t) => t.name)
    expect(names(view(), { trainer: true })).toEqual(['overview', 'paper'])
    expect(names(view(), { organiser: true })).toEqual(['overview', 'registrations'])
    expect(names(view({ state: 'REGISTRATION', format: 'TEAM' }), { organiser: true })).toEqual(['overview', 'registrations', 'draw', 'monitor'])
    expect(names(view({ state: 'RUNNING' }), { organiser: true })).toEqual(['overview', 'registrations', 'monitor', 'board'])
    expect(names(view({ state: 'MARKING' }), { organiser: true })).toEqual(['overview', 'registrations', 'monitor', 'board', 'analysis'])
    expect(names(view({ state: 'FINAL' }), { organiser: true, trainer: true }))
      .toEqual(['overview', 'paper', 'registrations', 'monitor', 'board', 'results', 'analysis'])
    expect(contestTabs(view({ format: 'TEAM' }), { organiser: true })[1].label).toBe('报名（名册）')
  })
})

describe('registration and the paper', () => {
  it('reads pasted account ids, once each, and says what is no id', () => {
    expect(parseIds('1024\n1025, 1031，1024、 1040；abc  0  -3 12.5')).toEqual({ ids: [1024, 1025, 1031, 1040], invalid: ['abc', '0', '-3', '12.5'] })
    expect(parseIds('')).toEqual({ ids: [], invalid: [] })
    expect(parseIds('99999999999999999999').invalid).toEqual(['99999999999999999999'])
  })

  it('sends the level editor’s draw rule as JSON text, with the grade and count', () => {
    const rule = paperRule(4, 30)
    rule.parts.push(newPart({ knowledgePoints: ['炉前操作'], difficultyMin: 2, difficultyMax: 4, count: 10 }))
    const body = paperRuleBody(rule)
    expect(body).toEqual({ drawRule: expect.any(String), grade: 4, count: 30 })
    expect(JSON.parse(body.drawRule)).toEqual({ parts: [{ knowledgePoints: ['炉前操作'], difficultyMin: 2, difficultyMax: 4, count: 10 }] })
    expect(paperRuleProblems(rule)).toEqual({})
    rule.parts[0].count = 40
    expect(paperRuleProblems(rule)).toEqual({ drawRule: '各规则抽题数之和（40）超过了关卡题数（30）' })
    rule.parts[0].difficultyMin = 5
    expect(paperRuleProblems(rule)[`parts.${rule.parts[0].key}.difficulty`]).toBe('难度下限不能高于上限')
  })

  it('moves a chosen question up or down, never off the list', () => {
    const list = [{ id: 1 }, { id: 2 }, { id: 3 }]
    expect(moveQuestion(list, 2, -1).map((q) => q.id)).toEqual([1, 3, 2])
    expect(moveQuestion(list, 0, 1).map((q) => q.id)).toEqual([2, 1, 3])
    expect(moveQuestion(list, 0, -1)).toBe(list)
  })

  it('remembers the contests a trainer opened, newest first', () => {
    expect(rememberRecent([3, 5, 7], 5)).toEqual([5, 3, 7])
    expect(rememberRecent(Array.from({ length: 20 }, (_, i) => i + 1), 99)).toHaveLength(20)
    expect(rememberRecent([3], 'x')).toEqual([3])
    expect(readRecent('[5, "x", 3, -1]')).toEqual([5, 3])
    expect(readRecent('{broken')).toEqual([])
    expect(readRecent(null)).toEqual([])
  })
})

describe('the draw', () => {
  const SEED = 'a3f1c2d4e5b6978812345678900abcdef0123456789abcdef0123456789abcde'
  const ROSTER_A = [108, 17, 42, 55, 61]
  const ROSTER_B = [201, 202, 203]

  /** The draw as the server's ContestDraw makes it, written out again here with Node's crypto. */
  function expectedDrawn(enterpriseId, roster, named, k) {
    return roster.filter((id) => !named.includes(id))
      .map((id) => ({ id, ticket: sha(`${SEED}:${enterpriseId}:${id}`) }))
      .sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : a.id - b.id))
      .slice(0, k).map((t) => t.id).sort((a, b) => a - b)
  }

  function drawView(overrides = {}) {
    return {
      contestId: 5, state: 'DRAWN', seedCommitment: sha(SEED), seed: SEED, closedAt: at(7 * DAY), drawnAt: at(7 * DAY + HOUR), drawnPerTeam: 2,
      algorithm: 'roster hash = …',
      teams: [
        { enterpriseId: 3, enterpriseName: '济钢集团', rosterSize: 5, rosterHash: sha('17,42,55,61,108'), roster: [...ROSTER_A].sort((a, b) => a - b),
          named: [42], drawn: expectedDrawn(3, [17, 42, 55, 61, 108], [42], 2), rosterIntact: true },
        { enterpriseId: 4, enterpriseName: '莱钢集团', rosterSize: 3, rosterHash: sha('201,202,203'), roster: ROSTER_B, named: [],
          drawn: expectedDrawn(4, ROSTER_B, [], 2), rosterIntact: true },
      ],
      ...overrides,
    }
  }

  it('hashes with the browser’s Web Crypto as the server does', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(await sha256Hex('炼钢')).toBe(sha('炼钢'))
    expect(rosterText([108, 17, 42])).toBe('17,42,108')
  })

  it('re-computes a fair draw: the commitment, each roster’s hash and the members drawn', async () => {
    const result = await verifyDraw(drawView())
    expect(result).toEqual({
      commitment: true,
      teams: [
        { enterpriseId: 3, roster: true, drawn: true, expected: drawView().teams[0].drawn },
        { enterpriseId: 4, roster: true, drawn: true, expected: drawView().teams[1].drawn },
      ],
      ok: true,
    })
    expect(drawView().teams[0].drawn).not.toContain(42) // a named member is never drawn
  })

  it('catches a seed that is not the one committed, a roster changed, members not drawn by the rule', async () => {
    const tampered = drawView()
    tampered.seedCommitment = sha('another seed')
    tampered.teams[0].roster = [17, 42, 55, 61, 108, 109]
    const wrong = ROSTER_B.find((id) => !tampered.teams[1].drawn.includes(id))
    tampered.teams[1].drawn = [tampered.teams[1].drawn[0], wrong].sort()
    const result = await verifyDraw(tampered)
    expect(result.commitment).toBe(false)
    expect(result.teams[0].roster).toBe(false)
    expect(result.teams[1]).toMatchObject({ roster: true, drawn: false, expected: drawView().teams[1].drawn })
    expect(result.ok).toBe(false)
  })

  it('has nothing to check before the close, and only the rosters before the draw', async () => {
    const open = await verifyDraw({ seedCommitment: null, seed: null, drawnAt: null, drawnPerTeam: 2,
      teams: [{ enterpriseId: 3, rosterSize: 0, rosterHash: null, roster: [], named: [42], drawn: [], rosterIntact: null }] })
    expect(open).toEqual({ commitment: null, teams: [{ enterpriseId: 3, roster: null, drawn: null, expected: null }], ok: null })
    const closed = await verifyDraw(drawView({ seed: null, drawnAt: null, state: 'CLOSED' }))
    expect(closed.commitment).toBeNull()
    expect(closed.teams.map((t) => [t.roster, t.drawn])).toEqual([[true, null], [true, null]])
    expect(closed.ok).toBe(true)
  })
})

describe('results, analysis and exports', () => {
  it('reads a placing’s promotion note', () => {
    expect(promotionOf('PROMOTED')).toEqual({ promoted: true, label: '已晋级', reason: '' })
    expect(promotionOf('already holds the grade')).toEqual({ promoted: false, label: '未晋级', reason: 'already holds the grade' })
    expect(promotionOf(null)).toBeNull()
  })

  const POINTS = [
    { knowledgePointId: 1, name: '炉前操作', answered: 200, wrong: 90, errorRate: 0.45, contestErrorRate: null },
    { knowledgePointId: 2, name: '安全规程', answered: 300, wrong: 60, errorRate: 0.2, contestErrorRate: null },
  ]

  it('charts each point’s error rate against the contest’s', () => {
    expect(overallErrorRate(POINTS)).toBeCloseTo(0.3)
    expect(overallErrorRate([])).toBeNull()
    const option = pointsOption(POINTS)
    expect(option.yAxis.data).toEqual(['炉前操作', '安全规程'])
    expect(option.series[0].data.map((d) => d.value)).toEqual([45, 20])
    expect(option.series[0].data[0].itemStyle.color).toBe('#c8161d') // above the contest's rate
    expect(option.series[0].data[1].itemStyle.color).toBe('#409eff')
    expect(option.series[1]).toMatchObject({ type: 'line', name: '全竞赛错误率', data: [30, 30] })
    const unit = unitOption({ enterpriseName: '济钢集团', weakest: [{ ...POINTS[0], errorRate: 0.6, contestErrorRate: 0.45 }] })
    expect(unit.series.map((s) => [s.name, s.data])).toEqual([['济钢集团错误率', [60]], ['全竞赛错误率', [45]]])
    expect(ratio(1, 3)).toBe('33.3%')
    expect(ratio(1, 0)).toBe('—')
  })

  it('writes a CSV that Excel reads: a BOM, quotes where needed, no formulas', () => {
    const csv = toCsv([{ label: '姓名', value: (r) => r.name }, { label: '得分', value: (r) => r.score }],
      [{ name: '王志强', score: 95 }, { name: '张"三", 李四', score: -5 }, { name: '=HYPERLINK("x")', score: null }])
    expect(csv).toBe('\uFEFF姓名,得分\r\n王志强,95\r\n"张""三"", 李四",-5\r\n"\'=HYPERLINK(""x"")",\r\n')
    expect(fileName('竞赛/2027: 决赛', '成绩')).toBe('竞赛_2027_ 决赛-成绩.csv')
  })
})

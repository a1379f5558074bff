import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TRAINER, json, mockApi, mountConsole, settle, signedIn, summary } from './console/helpers.js'
import { JINAN, LIXIA, STEELWORKS, UNION_ADMIN, breakdown, figuresView, row, scopeView } from './console/unionFixtures.js'

vi.mock('../src/console/lib/download.js', () => ({ saveBlob: vi.fn(), showHtml: vi.fn() }))
vi.mock('../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

// ECharts draws on a canvas, which happy-dom has not: the chart is a stub that shows its series' names and data
vi.mock('../src/console/components/EChart.vue', () => ({
  default: { props: ['option'], template: '<div data-test="chart">{{ JSON.stringify(option.series.map((s) => [s.name, s.data])) }}</div>' },
}))

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const HOUR = 3600000
const DAY = 24 * HOUR
const at = (ms) => new Date(Date.now() + ms).toISOString()
const sha = (text) => createHash('sha256').update(text, 'utf8').digest('hex')

function contest(overrides = {}) {
  return {
    id: 5, name: '2027年济南市炼钢工技能竞赛', tier: 'CITY', organiser: 'region:2', tradeId: 11, format: 'INDIVIDUAL',
    registrationOpens: at(-3 * DAY), registrationCloses: at(-HOUR), startsAt: at(DAY), endsAt: at(DAY + 4 * HOUR),
    durationSeconds: 3600, attemptsAllowed: 1, qualifyCount: 3, promoteTop: 1, teamNamed: 0, state: 'REGISTRATION',
    serverTime: new Date().toISOString(), paperSize: 0,
    ...overrides,
  }
}

/** The union's and the contests' endpoints as a union admin of 济南市 meets them; `extra` answers first. */
function backend(extra = () => undefined, user = UNION_ADMIN) {
  return mockApi((call) => {
    const answer = extra(call)
    if (answer) return answer
    if (call.path === '/api/union/scope') return json(200, scopeView)
    if (call.path === '/api/union/figures') return json(200, figuresView(JINAN))
    if (call.path === '/api/union/breakdown') return json(200, breakdown([row(LIXIA, 0.3)]))
    return undefined
  }, { user })
}

const ofPath = (calls, path, method = 'GET') => calls.filter((c) => c.path === path && c.method === method)
/** The <input> or <textarea> of an Element Plus field marked data-test (the attribute lands on it or a wrapper). */
function input(wrapper, test) {
  const marked = wrapper.find(`[data-test="${test}"]`)
  if (!marked.exists() || ['INPUT', 'TEXTAREA'].includes(marked.element.tagName)) return marked
  return marked.find('input, textarea')
}

describe('the contests in the menu and the list', () => {
  it('gives union admins and trainers the 技能竞赛 entry, and lists an organiser’s contests with their state', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => (call.path === '/api/contests' ? json(200, [
      contest(),
      contest({ id: 6, name: '2027年济南市轧钢工团体赛', format: 'TEAM', tradeId: 12, state: 'RUNNING', paperSize: 30, teamDrawn: 3 }),
      contest({ id: 7, name: '春季练兵', state: 'DRAFT' }),
    ]) : undefined))
    const { wrapper, router } = await mountConsole('/union/contests', pinia)
    expect(router.currentRoute.value.name).toBe('contests')
    expect(wrapper.find('[data-route="contests"]').text()).toBe('技能竞赛')
    await vi.waitFor(() => expect(wrapper.findAll('[data-test="contest-link"]')).toHaveLength(3))
    const tags = wrapper.findAll('[data-test="contest-state"]')
    expect(tags.map((t) => [t.attributes('data-state'), t.text()])).toEqual([['REGISTRATION', '报名中'], ['RUNNING', '比赛中'], ['DRAFT', '草稿']])
    expect(tags[1].classes()).toContain('el-tag--success')
    // the trade's name from GET /api/industries, the organiser's from the union's directory
    await vi.waitFor(() => expect(wrapper.find('[data-test="contests"]').text()).toContain('市级 · 团体赛 · 济南市'))
    const text = wrapper.find('[data-test="contests"]').text()
    expect(text).toContain('轧钢工')
    expect(text).toContain('未组卷')
    expect(ofPath(calls, '/api/union/figures')[0].params.get('unit')).toBe('region:2')
    expect(wrapper.find('[data-test="trainer-open"]').exists()).toBe(false)
  })

  it('lets a trainer open a contest by its number, and remembers it', async () => {
    const pinia = signedIn(TRAINER)
    const calls = mockApi((call) => {
      if (call.path === '/api/contests/5') return json(200, contest())
      if (call.path === '/api/contests/9') return json(404, { type: 'https://chuangguan.io/problems/not-found', status: 404, detail: 'Contest 9 not found' })
      return undefined
    })
    const { wrapper, router } = await mountConsole('/contests', pinia)
    expect(wrapper.findAll('[data-testid="menu"] .el-menu-item').map((i) => i.text())).toContain('技能竞赛')
    expect(ofPath(calls, '/api/contests')).toHaveLength(0) // a trainer has no list
    const id = input(wrapper, 'open-id')
    await id.setValue('9')
    await wrapper.find('[data-test="trainer-open"] form').trigger('submit')
    await settle()
    expect(wrapper.find('[data-test="open-error"]').text()).toBe('没有编号为 9 的竞赛，或它不属于您负责的行业')
    await id.setValue('5')
    await wrapper.find('[data-test="trainer-open"] form').trigger('submit')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('contest'), { timeout: 15000 })
    expect(JSON.parse(localStorage.getItem('cg.console.contests.7'))).toEqual([5])
  })
})

describe('defining a contest', () => {
  it('sends the draft as defined and shows the server’s violations at their fields', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const draft = contest({ state: 'DRAFT' })
    const calls = backend((call) => {
      if (call.path === '/api/contests' && call.method === 'GET') return json(200, [draft])
      if (call.path === '/api/contests/5' && call.method === 'GET') return json(200, draft)
      if (call.path === '/api/contests/5' && call.method === 'PUT') {
        return json(400, { type: 'https://chuangguan.io/problems/validation', status: 400, title: 'Invalid request', detail: 'The request has invalid fields',
          violations: [{ field: 'registrationCloses', message: 'must be after registrationOpens' }, { field: 'tier', message: 'a CITY contest is organised by a unit of that level, not a COUNTY' }] })
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5/edit', pinia)
    // the form's chunk (with the date pickers) is transformed at its first import: give it time
    await vi.waitFor(() => expect(input(wrapper, 'contest-name').element?.value).toBe('2027年济南市炼钢工技能竞赛'), { timeout: 20000 })
    await wrapper.find('[data-test="contest-save"]').trigger('click')
    await settle()
    const [put] = ofPath(calls, '/api/contests/5', 'PUT')
    expect(put.body).toEqual({
      name: draft.name, tier: 'CITY', organiser: 'region:2', tradeId: 11, format: 'INDIVIDUAL',
      registrationOpens: draft.registrationOpens, registrationCloses: draft.registrationCloses, startsAt: draft.startsAt, endsAt: draft.endsAt,
      durationSeconds: 3600, attemptsAllowed: 1, qualifyCount: 3, promoteTop: 1, teamDrawn: null, teamNamed: 0, qualifiesFrom: null,
    })
    await vi.waitFor(() => expect(wrapper.find('[data-test="contest-form"]').text()).toContain('报名截止时间须晚于报名开始时间'))
    expect(wrapper.find('[data-test="contest-form"]').text()).toContain('市级竞赛须由市级单位主办，所选单位是县（区）级')
  }, 30000)

  it('checks the windows’ order before sending anything', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const draft = contest({ state: 'DRAFT', startsAt: at(-2 * HOUR) }) // before registration closes
    const calls = backend((call) => (call.path === '/api/contests/5' ? json(200, draft) : call.path === '/api/contests' ? json(200, []) : undefined))
    const { wrapper } = await mountConsole('/contests/5/edit', pinia)
    await vi.waitFor(() => expect(input(wrapper, 'contest-name').element?.value).toBe('2027年济南市炼钢工技能竞赛'), { timeout: 20000 })
    await wrapper.find('[data-test="contest-save"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/contests/5', 'PUT')).toHaveLength(0)
    await vi.waitFor(() => expect(wrapper.find('[data-test="contest-form"]').text()).toContain('比赛开始时间不能早于报名截止时间'))
  }, 30000)
})

describe('a team contest’s close and draw', () => {
  const SEED = '5f0c6d8b2e4a1937c0ffee0123456789abcdef0123456789abcdef0123456789'
  const closed = {
    contestId: 5, state: 'CLOSED', seedCommitment: sha(SEED), closedAt: at(0), drawnPerTeam: 2, algorithm: 'roster hash = SHA-256(hex) …',
    teams: [
      { enterpriseId: 3, enterpriseName: '济钢集团', rosterSize: 3, rosterHash: sha('17,42,108'), roster: [17, 42, 108], named: [42], drawn: [], rosterIntact: true },
      { enterpriseId: 4, enterpriseName: '莱钢集团', rosterSize: 2, rosterHash: sha('201,202'), roster: [201, 202, 203], named: [], drawn: [], rosterIntact: false },
    ],
  }

  it('closes registration after a confirmation and shows the commitment, the rosters’ hashes and their state', async () => {
    const { confirmAction } = await import('../src/console/lib/feedback.js')
    const pinia = signedIn(UNION_ADMIN)
    let state = 'REGISTRATION'
    const calls = backend((call) => {
      if (call.path === '/api/contests/5' && call.method === 'GET') return json(200, contest({ format: 'TEAM', teamDrawn: 2, teamNamed: 1, state }))
      if (call.path === '/api/contests/5/close' && call.method === 'POST') {
        state = 'CLOSED'
        return json(200, closed)
      }
      if (call.path === '/api/contests/5/draw' && call.method === 'GET') return json(200, closed)
      return undefined
    })
    const { wrapper, router } = await mountConsole('/contests/5', pinia)
    await vi.waitFor(() => expect(wrapper.find('[data-test="action-close"]').exists()).toBe(true))
    expect(wrapper.find('[data-test="action-close"]').attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="action-close"]').trigger('click')
    await settle()
    expect(vi.mocked(confirmAction).mock.calls.at(-1)[0]).toContain('承诺值')
    expect(ofPath(calls, '/api/contests/5/close', 'POST')).toHaveLength(1)
    await vi.waitFor(() => expect(router.currentRoute.value.query.tab).toBe('draw'))
    await vi.waitFor(() => expect(wrapper.find('[data-test="draw-commitment"]').text()).toContain(sha(SEED)))
    expect(wrapper.find('[data-test="draw-seed"]').text()).toContain('抽签时公开')
    const intact = wrapper.findAll('[data-test="roster-intact"]')
    expect(intact.map((i) => i.attributes('data-intact'))).toEqual(['true', 'false'])
    expect(intact[0].text()).toContain('✓ 名册完整')
    expect(intact[1].text()).toContain('⚠')
    expect(wrapper.find('[data-test="draw-howto"]').text()).toContain('SHA-256')
    expect(wrapper.find('[data-test="contest-state"]').attributes('data-state')).toBe('CLOSED')
    expect(wrapper.find('[data-test="action-draw"]').exists()).toBe(true)
  })

  it('verifies a draw in the browser', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const ticket = (e, a) => sha(`${SEED}:${e}:${a}`)
    const drawn = [17, 108].sort((a, b) => (ticket(3, a) < ticket(3, b) ? -1 : 1)).slice(0, 1)
    const view = {
      ...closed, state: 'DRAWN', seed: SEED, drawnAt: at(0), drawnPerTeam: 1,
      teams: [{ ...closed.teams[0], drawn }, { ...closed.teams[1], rosterHash: sha('201,202,203'), rosterIntact: true, drawn: [203] }],
    }
    const expected203 = [201, 202, 203].sort((a, b) => (ticket(4, a) < ticket(4, b) ? -1 : 1))[0]
    backend((call) => {
      if (call.path === '/api/contests/5') return json(200, contest({ format: 'TEAM', teamDrawn: 1, state: 'DRAWN', registrationCloses: at(-2 * DAY) }))
      if (call.path === '/api/contests/5/draw') return json(200, view)
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5?tab=draw', pinia)
    await vi.waitFor(() => expect(wrapper.find('[data-test="draw-verify"]').exists()).toBe(true))
    await wrapper.find('[data-test="draw-verify"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-test="verify-commitment"]').exists()).toBe(true))
    expect(wrapper.find('[data-test="verify-commitment"]').text()).toBe('✓ 一致')
    expect(wrapper.findAll('[data-test="verify-roster"]').map((v) => v.text())).toEqual(['✓ 一致', '✓ 一致'])
    const checks = wrapper.findAll('[data-test="verify-drawn"]').map((v) => v.text())
    expect(checks[0]).toBe('✓ 一致')
    expect(checks[1]).toBe(expected203 === 203 ? '✓ 一致' : `✗ 不一致（按算法应为 ${expected203}）`)
  })
})

describe('registrations', () => {
  it('registers pasted account ids and says who could not be registered and why', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => {
      if (call.path === '/api/contests/5') return json(200, contest({ registrationCloses: at(DAY), startsAt: at(2 * DAY), endsAt: at(2 * DAY + HOUR) }))
      if (call.path === '/api/contests/5/registrations') {
        return json(200, [{ accountId: 1024, name: '王志强', phone: '139****0001', enterpriseId: 3, enterpriseName: '济钢集团', registeredAt: at(-HOUR), teamRole: null }])
      }
      if (call.path === '/api/contests/5/registrations/bulk') {
        return json(200, { registered: [1025], already: [1024], refused: [{ accountId: 1031, reason: 'works in another trade' }] })
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5?tab=registrations', pinia)
    await vi.waitFor(() => expect(wrapper.find('[data-test="registrations"]').text()).toContain('王志强'))
    expect(wrapper.find('[data-test="registrations"]').text()).toContain('139****0001')
    const ids = input(wrapper, 'bulk-ids')
    await ids.setValue('1024\n1025, x1')
    await wrapper.find('[data-test="bulk-submit"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-test="bulk-error"]').text()).toContain('x1')
    expect(ofPath(calls, '/api/contests/5/registrations/bulk', 'POST')).toHaveLength(0)
    await ids.setValue('1024\n1025，1031 1025')
    await wrapper.find('[data-test="bulk-submit"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/contests/5/registrations/bulk', 'POST')[0].body).toEqual({ accountIds: [1024, 1025, 1031] })
    const outcome = wrapper.find('[data-test="bulk-outcome"]').text()
    expect(outcome).toContain('成功报名 1 人')
    expect(outcome).toContain('已报名过 1 人')
    expect(wrapper.find('[data-test="bulk-refused"]').text()).toBe('账号 1031：不是本竞赛工种的职工')
    expect(ofPath(calls, '/api/contests/5/registrations')).toHaveLength(2) // read again after registering
  })
})

describe('the paper', () => {
  it('lets a trainer compose it by hand from the published questions, and shows the server’s refusal at the question', async () => {
    const { toast } = await import('../src/console/lib/feedback.js')
    const pinia = signedIn(TRAINER)
    let refuse = true
    const calls = mockApi((call) => {
      if (call.path === '/api/contests/5' && call.method === 'GET') return json(200, contest({ state: 'CLOSED' }))
      if (call.path === '/api/trades/11/questions') {
        return json(200, { items: [summary({ id: 101, status: 'PUBLISHED' }), summary({ id: 102, ref: 'STM-102', status: 'PUBLISHED', stem: '转炉吹炼的主要氧化剂是（ ）。' })], total: 2, page: 0, size: 10 })
      }
      if (call.path === '/api/contests/5/paper' && call.method === 'PUT') {
        if (refuse) {
          refuse = false
          return json(422, { type: 'https://chuangguan.io/problems/unprocessable', status: 422, detail: 'The paper names questions the trade does not have',
            violations: [{ field: 'questionIds[1]', message: "is no published question of the contest's trade" }] })
        }
        return json(200, contest({ state: 'CLOSED', paperSize: 2 }))
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5?tab=paper', pinia)
    await vi.waitFor(() => expect(wrapper.findAll('[data-test="paper-add"]')).toHaveLength(2))
    const search = ofPath(calls, '/api/trades/11/questions')[0]
    expect(search.params.get('status')).toBe('PUBLISHED')
    expect(wrapper.find('[data-test="paper-size"]').text()).toBe('未组卷')
    for (const button of wrapper.findAll('[data-test="paper-add"]')) await button.trigger('click')
    expect(wrapper.findAll('[data-test="paper-chosen-row"]').map((r) => r.attributes('data-question'))).toEqual(['101', '102'])

    await wrapper.find('[data-test="paper-save"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/contests/5/paper', 'PUT')[0].body).toEqual({ questionIds: [101, 102] })
    expect(wrapper.findAll('[data-test="paper-chosen-row"]')[1].text()).toContain('不是本工种已发布的题目')
    expect(vi.mocked(toast.error)).toHaveBeenCalled()

    await wrapper.find('[data-test="paper-save"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-test="paper-size"]').text()).toBe('2 题')
  })

  it('composes it by the level editor’s rule, and says when the paper is frozen', async () => {
    const pinia = signedIn(TRAINER)
    let frozen = false
    const calls = mockApi((call) => {
      if (call.path === '/api/contests/5' && call.method === 'GET') return json(200, contest({ state: 'CLOSED' }))
      if (call.path === '/api/trades/11/questions') return json(200, { items: [], total: 0, page: 0, size: 10 })
      if (call.path === '/api/trades/11/level-map/availability') return json(200, [{ pool: 'LEARNING', parts: [], grade: { count: 20, available: 80 } }])
      if (call.path === '/api/contests/5/paper/draw') {
        if (frozen) return json(409, { type: 'https://chuangguan.io/problems/paper-frozen', status: 409, detail: 'The paper froze when the contest\'s window opened' })
        frozen = true
        return json(200, contest({ state: 'CLOSED', paperSize: 20 }))
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5?tab=paper', pinia)
    await vi.waitFor(() => expect(wrapper.find('[data-test="paper-mode"]').exists()).toBe(true))
    await wrapper.findAll('[data-test="paper-mode"] input')[1].setValue(true)
    await settle()
    await vi.waitFor(() => expect(wrapper.find('[data-test="rule-availability"]').text()).toContain('可用 80 / 需要 20'), { timeout: 3000 })
    await wrapper.find('[data-test="rule-save"]').trigger('click')
    await settle()
    const [sent] = ofPath(calls, '/api/contests/5/paper/draw', 'POST')
    expect(sent.body).toEqual({ drawRule: '{"parts":[]}', grade: 5, count: 20 })
    expect(wrapper.find('[data-test="paper-size"]').text()).toBe('20 题')
    const { toast } = await import('../src/console/lib/feedback.js')
    await wrapper.find('[data-test="rule-save"]').trigger('click')
    await settle()
    expect(vi.mocked(toast.error).mock.calls.at(-1)[0]).toBe('比赛已经开始，试卷已冻结，不能再修改')
  })
})

describe('while and after the contest runs', () => {
  it('polls the monitor every 10 seconds while the contest runs', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const pinia = signedIn(UNION_ADMIN)
    let started = 10
    const calls = backend((call) => {
      if (call.path === '/api/contests/5') return json(200, contest({ state: 'RUNNING', startsAt: at(-HOUR), endsAt: at(HOUR), registrationCloses: at(-2 * HOUR) }))
      if (call.path === '/api/contests/5/monitor') {
        started += 5
        return json(200, { contestId: 5, state: 'RUNNING', registered: 40, started, submitted: 4, tooFast: 1,
          units: [{ enterpriseId: 3, enterpriseName: '济钢集团', registered: 40, started, submitted: 4, tooFast: 1 }] })
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5?tab=monitor', pinia)
    await vi.waitFor(() => expect(wrapper.find('[data-test="monitor-started"]').text()).toContain('15'))
    expect(wrapper.find('[data-test="monitor-live"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="monitor-submitted"]').text()).toContain('10.0%')
    expect(wrapper.find('[data-test="monitor-too-fast"]').text()).toContain('1 人答题过快')
    vi.advanceTimersByTime(10000)
    await settle()
    expect(ofPath(calls, '/api/contests/5/monitor')).toHaveLength(2)
    expect(wrapper.find('[data-test="monitor-started"]').text()).toContain('20')
    expect(wrapper.find('[data-test="monitor-unit"]').text()).toContain('济钢集团')
  })

  it('shows the placings with the qualifiers and the promotions’ certificates', async () => {
    const pinia = signedIn(UNION_ADMIN)
    backend((call) => {
      if (call.path === '/api/contests/5') return json(200, contest({ state: 'FINAL', startsAt: at(-2 * DAY), endsAt: at(-DAY), registrationCloses: at(-3 * DAY), registrationOpens: at(-4 * DAY) }))
      if (call.path === '/api/contests/5/results') {
        return json(200, { contestId: 5, state: 'FINAL', finalisedAt: at(-HOUR), teams: [], people: [
          { place: 1, accountId: 1024, name: '王志强', enterpriseId: 3, enterpriseName: '济钢集团', score: 98, elapsedMs: 754321, submittedAt: at(-DAY - HOUR), qualified: true, certificateNo: 'JS-2027-000123', promotionNote: 'PROMOTED', awardNo: 'SD-JS2027-5-001', awardUrl: '/certificates/awards/SD-JS2027-5-001?code=ABCDEFGHJKLM' },
          { place: 2, accountId: 1025, name: '李秀英', enterpriseId: 3, enterpriseName: '济钢集团', score: 95, elapsedMs: 34549, submittedAt: at(-DAY - HOUR), qualified: true, certificateNo: null, promotionNote: null },
          { place: 4, accountId: 1031, name: '赵建国', enterpriseId: 4, enterpriseName: '莱钢集团', score: 60, elapsedMs: 100, submittedAt: at(-DAY - HOUR), qualified: false, certificateNo: null, promotionNote: null },
        ] })
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5?tab=results', pinia)
    await vi.waitFor(() => expect(wrapper.findAll('[data-test="result-row"]')).toHaveLength(3))
    const rows = wrapper.findAll('[data-test="result-row"]')
    expect(rows[0].text()).toContain('12 分 34.3 秒')
    expect(rows[0].find('[data-test="promotion"]').text()).toContain('已晋级')
    expect(rows[0].text()).toContain('证书 JS-2027-000123')
    expect(rows[0].find('[data-test="award"]').attributes('href')).toBe('/certificates/awards/SD-JS2027-5-001?code=ABCDEFGHJKLM')
    expect(rows[1].find('[data-test="award"]').exists()).toBe(false)
    expect(rows[1].find('[data-test="qualified"]').text()).toBe('出线')
    expect(rows[2].find('[data-test="qualified"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="results-qualified"]').text()).toBe('2')
    expect(wrapper.find('[data-test="results-promoted"]').text()).toBe('1')
  })

  it('finalises after a confirmation and opens the results', async () => {
    const pinia = signedIn(UNION_ADMIN)
    let state = 'MARKING'
    const results = { contestId: 5, state: 'FINAL', finalisedAt: at(0), teams: [], people: [] }
    const calls = backend((call) => {
      if (call.path === '/api/contests/5') return json(200, contest({ state, startsAt: at(-2 * DAY), endsAt: at(-DAY), registrationCloses: at(-3 * DAY), registrationOpens: at(-4 * DAY) }))
      if (call.path === '/api/contests/5/finalise') {
        state = 'FINAL'
        return json(200, results)
      }
      return undefined
    })
    const { wrapper, router } = await mountConsole('/contests/5', pinia)
    await vi.waitFor(() => expect(wrapper.find('[data-test="action-finalise"]').exists()).toBe(true))
    await wrapper.find('[data-test="action-finalise"]').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.query.tab).toBe('results'))
    expect(ofPath(calls, '/api/contests/5/finalise', 'POST')).toHaveLength(1)
    // the finalisation's answer is shown as it came, not asked for again
    await settle()
    expect(ofPath(calls, '/api/contests/5/results')).toHaveLength(0)
    expect(wrapper.find('[data-test="results-tab"]').text()).toContain('没有人交卷')
  })

  it('analyses the knowledge points against the contest’s error rate, and each unit’s weakest', async () => {
    const pinia = signedIn(UNION_ADMIN)
    backend((call) => {
      if (call.path === '/api/contests/5') return json(200, contest({ state: 'MARKING', startsAt: at(-2 * DAY), endsAt: at(-HOUR), registrationCloses: at(-3 * DAY), registrationOpens: at(-4 * DAY) }))
      if (call.path === '/api/contests/5/analysis') {
        return json(200, { contestId: 5, entrants: 40, meanScore: 76.5,
          points: [
            { knowledgePointId: 1, name: '炉前操作', answered: 200, wrong: 90, errorRate: 0.45, contestErrorRate: null },
            { knowledgePointId: 2, name: '安全规程', answered: 300, wrong: 60, errorRate: 0.2, contestErrorRate: null },
          ],
          units: [{ enterpriseId: 3, enterpriseName: '济钢集团', entrants: 25, meanScore: 80.2,
            weakest: [{ knowledgePointId: 1, name: '炉前操作', answered: 120, wrong: 60, errorRate: 0.5, contestErrorRate: 0.45 }] }] })
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/contests/5?tab=analysis', pinia)
    await vi.waitFor(() => expect(wrapper.findAll('[data-test="analysis-point"]')).toHaveLength(2), { timeout: 15000 })
    expect(wrapper.find('[data-test="analysis-rate"]').text()).toBe('30.0%')
    expect(wrapper.find('[data-test="analysis-mean"]').text()).toBe('76.5')
    expect(wrapper.findAll('[data-test="analysis-point"]')[0].find('.high').text()).toBe('45.0%')
    expect(wrapper.find('[data-test="analysis-unit-row"]').text()).toContain('炉前操作 50.0%（全竞赛 45.0%）')
    const charts = wrapper.findAll('[data-test="chart"]').map((c) => JSON.parse(c.text()))
    expect(charts[0][1]).toEqual(['全竞赛错误率', [30, 30]])
    expect(charts[1]).toEqual([['济钢集团错误率', [50]], ['全竞赛错误率', [45]]])
  })
})

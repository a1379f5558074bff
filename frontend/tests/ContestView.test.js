import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import ContestView from '../src/views/ContestView.vue'
import { json, mockFetch, signedIn } from './helpers.js'
import { contestRun, contestView, paper } from './fixtures.js'

vi.mock('../src/lib/ui.js', () => ({
  showConfirmDialog: vi.fn(() => Promise.resolve('confirm')),
  showToast: vi.fn(),
  showLoadingToast: vi.fn(),
  closeToast: vi.fn(),
  closeDialog: vi.fn(),
}))

const Stub = { template: '<div />' }
const sha = (text) => createHash('sha256').update(text).digest('hex')
const posts = (calls) => calls.filter((c) => c.method === 'POST')

async function mountContest(path = '/contests/3') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/contests', name: 'contests', component: Stub },
      { path: '/contests/:id(\\d+)', name: 'contest', component: ContestView },
      { path: '/contests/:id(\\d+)/runs/:runId(\\d+)', name: 'contest-run', component: Stub },
      { path: '/contests/:id(\\d+)/runs/:runId(\\d+)/result', name: 'contest-run-result', component: Stub },
      { path: '/contests/:id(\\d+)/board', name: 'contest-board', component: Stub },
      { path: '/contests/:id(\\d+)/results', name: 'contest-results', component: Stub },
      { path: '/attempts/:id(\\d+)', name: 'quiz', component: Stub },
    ],
  })
  router.push(path)
  await router.isReady()
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('ContestView', () => {
  let wrapper
  beforeEach(() => {
    signedIn({ id: 7, displayName: '王志强', enterprise: { id: 5, name: '济南鲁钢' } })
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.unstubAllGlobals()
  })

  it('registers me while registration is open', async () => {
    const calls = mockFetch((call) => (call.method === 'POST'
      ? json(200, contestView({ mine: { registered: true, mayRegister: false } }))
      : json(200, contestView())))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="state-badge"]').text()).toBe('报名中')
    await wrapper.find('[data-testid="register"]').trigger('click')
    await flushPromises()
    expect(posts(calls).map((c) => c.url)).toEqual(['/api/contests/3/registrations'])
    expect(wrapper.find('[data-testid="register"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="registration"]').text()).toContain('已报名')
  })

  it('counts down to the start on the server\'s clock, not the phone\'s', async () => {
    const serverNow = Date.now() + 10 * 60000 // the phone is ten minutes slow
    mockFetch(() => json(200, contestView({
      serverTime: new Date(serverNow).toISOString(),
      startsAt: new Date(serverNow + 90 * 60000).toISOString(),
      mine: { registered: true, mayRegister: false },
    })))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="lobby"]').text()).toContain('距离开赛')
    expect(wrapper.find('[data-testid="lobby-countdown"]').text()).toMatch(/^1:(30:00|29:5\d)$/)
  })

  it('reads the contest again at the countdown\'s zero and then offers the start', async () => {
    let gets = 0
    mockFetch(() => {
      gets++
      const now = Date.now()
      return json(200, gets === 1
        ? contestView({ state: 'DRAWN', startsAt: new Date(now + 1000).toISOString(), mine: { registered: true, mayRegister: false } })
        : contestView({ state: 'RUNNING', startsAt: new Date(now - 1000).toISOString(), mine: { registered: true, mayRegister: false } }))
    })
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="start"]').exists()).toBe(false)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="start"]').exists()).toBe(true), { timeout: 4000 })
    expect(gets).toBe(2)
    expect(wrapper.find('[data-testid="start"]').text()).toBe('开始答题')
    expect(wrapper.find('[data-testid="lobby"]').text()).toContain('距离竞赛结束')
  })

  it('starts a run while running and opens it', async () => {
    const calls = mockFetch((call) => (call.method === 'POST'
      ? json(201, contestRun())
      : json(200, contestView({ state: 'RUNNING', mine: { registered: true, mayRegister: false } }))))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    await wrapper.find('[data-testid="start"]').trigger('click')
    await flushPromises()
    expect(posts(calls).map((c) => c.url)).toEqual(['/api/contests/3/runs'])
    expect(mounted.router.currentRoute.value.fullPath).toBe('/contests/3/runs/91')
  })

  it('continues my open run without starting another', async () => {
    const calls = mockFetch(() => json(200, contestView({ state: 'RUNNING', mine: { registered: true, mayRegister: false, runsUsed: 1, openRunId: 77 } })))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="start"]').text()).toBe('继续答题')
    await wrapper.find('[data-testid="start"]').trigger('click')
    await flushPromises()
    expect(posts(calls)).toHaveLength(0)
    expect(mounted.router.currentRoute.value.fullPath).toBe('/contests/3/runs/77')
  })

  it('says why I cannot run once my runs are used', async () => {
    mockFetch(() => json(200, contestView({ state: 'RUNNING', mine: { registered: true, mayRegister: false, runsUsed: 2, bestScore: 80 } })))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="start"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="blocked"]').text()).toContain('2 次答题机会已用完')
    expect(wrapper.find('[data-testid="mine"]').text()).toContain('最好成绩 80 分')
  })

  it('shows my team role and, unfolded, the draw proof with my unit\'s roster hash', async () => {
    const seed = 'c'.repeat(64)
    const draw = {
      contestId: 3, state: 'DRAWN', seedCommitment: sha(seed), seed, drawnPerTeam: 2, algorithm: '…',
      teams: [
        { enterpriseId: 4, enterpriseName: '莱芜钢铁', rosterSize: 2, rosterHash: sha('8,9'), roster: [8, 9], named: [], drawn: [8, 9], rosterIntact: true },
        { enterpriseId: 5, enterpriseName: '济南鲁钢', rosterSize: 3, rosterHash: sha('7,12,30'), roster: [7, 12, 30], named: [12], drawn: [7, 30], rosterIntact: true },
      ],
    }
    const calls = mockFetch((call) => (call.url.endsWith('/draw')
      ? json(200, draw)
      : json(200, contestView({ format: 'TEAM', teamDrawn: 2, teamNamed: 1, state: 'DRAWN', mine: { mayRegister: false, teamRole: 'DRAWN' } }))))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="team-role"]').text()).toContain('被抽中')
    expect(wrapper.find('[data-testid="register"]').exists()).toBe(false)
    expect(calls.some((c) => c.url.endsWith('/draw'))).toBe(false) // read only when unfolded

    await wrapper.find('[data-testid="draw-proof"] .van-collapse-item__title').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="roster-hash"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="seed-commitment"]').text()).toBe(sha(seed))
    expect(wrapper.find('[data-testid="seed"]').text()).toBe(seed)
    expect(wrapper.find('[data-testid="roster-hash"]').text()).toBe(sha('7,12,30'))
    await vi.waitFor(() => expect(wrapper.find('[data-testid="draw-proof"]').text()).toContain('已在本机核验一致'))
    expect(wrapper.find('[data-testid="draw-proof"]').text()).toContain('济南鲁钢')
  })

  it('says "未抽中" to a worker of the roster left out by the draw', async () => {
    mockFetch(() => json(200, contestView({ format: 'TEAM', teamDrawn: 2, state: 'RUNNING', mine: { mayRegister: false, teamRole: 'ROSTER' } })))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="team-role"]').text()).toContain('未抽中')
    expect(wrapper.find('[data-testid="start"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="blocked"]').text()).toContain('未入选')
  })

  it('starts the follow-up practice once the contest is over and opens it in the quiz screen', async () => {
    const calls = mockFetch((call) => (call.method === 'POST'
      ? json(201, paper({ attemptId: 58, mode: 'PRACTICE', levelId: null }))
      : json(200, contestView({ state: 'MARKING', mine: { registered: true, mayRegister: false, runsUsed: 1, bestScore: 67 } }))))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="to-board"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="to-results"]').exists()).toBe(false)
    await wrapper.find('[data-testid="follow-up"]').trigger('click')
    await flushPromises()
    expect(posts(calls).map((c) => c.url)).toEqual(['/api/contests/3/follow-up'])
    expect(mounted.router.currentRoute.value.fullPath).toBe('/attempts/58')
  })

  it('shows my placing once final, with the results', async () => {
    mockFetch(() => json(200, contestView({ state: 'FINAL', mine: { registered: true, mayRegister: false, runsUsed: 1, bestScore: 90, place: 2, qualified: true, certificateNo: 'JS-2026-0002', awardUrl: '/certificates/awards/SD-JS2026-3-002?code=ABCDEFGHJKLM', runIds: [91] } })))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    // the server lists my runs: on a phone that never ran this contest too
    expect(wrapper.findAll('[data-testid="my-run"]')).toHaveLength(1)
    expect(wrapper.find('[data-testid="state-badge"]').text()).toBe('成绩已公布')
    expect(wrapper.find('[data-testid="award"]').attributes('href')).toBe('/certificates/awards/SD-JS2026-3-002?code=ABCDEFGHJKLM')
    expect(wrapper.find('[data-testid="my-place"]').text()).toContain('第 2 名')
    expect(wrapper.find('[data-testid="my-place"]').text()).toContain('出线')
    expect(wrapper.text()).toContain('JS-2026-0002')
    expect(wrapper.find('[data-testid="lobby"]').exists()).toBe(false)
    await wrapper.find('[data-testid="to-results"]').trigger('click')
    await flushPromises()
    expect(mounted.router.currentRoute.value.fullPath).toBe('/contests/3/results')
  })

  it('shows a retriable error on a dead network', async () => {
    let online = false
    mockFetch(() => (online ? json(200, contestView()) : Promise.reject(new TypeError('Failed to fetch'))))
    const mounted = await mountContest()
    wrapper = mounted.wrapper
    expect(wrapper.find('.state-error').text()).toContain('网络连接失败')
    online = true
    window.dispatchEvent(new Event('online'))
    await flushPromises()
    expect(wrapper.find('[data-testid="register"]').exists()).toBe(true)
  })
})

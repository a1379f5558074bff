import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import ContestsView from '../src/views/ContestsView.vue'
import ContestBoardView from '../src/views/ContestBoardView.vue'
import ContestResultsView from '../src/views/ContestResultsView.vue'
import { json, mockFetch, signedIn } from './helpers.js'
import { contestView } from './fixtures.js'

const Stub = { template: '<div />' }

async function mountAt(path) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/contests', name: 'contests', component: ContestsView },
      { path: '/contests/:id(\\d+)', name: 'contest', component: Stub },
      { path: '/contests/:id(\\d+)/board', name: 'contest-board', component: ContestBoardView },
      { path: '/contests/:id(\\d+)/results', name: 'contest-results', component: ContestResultsView },
    ],
  })
  router.push(path)
  await router.isReady()
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

describe('contest screens', () => {
  let wrapper
  beforeEach(() => signedIn({ id: 7, displayName: '王志强', enterprise: { id: 5, name: '济南鲁钢' } }))
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.unstubAllGlobals()
  })

  it('lists my contests first, each with its state, and opens one', async () => {
    const calls = mockFetch(() => json(200, [
      contestView({ id: 1, name: '企业岗位练兵', tier: 'ENTERPRISE', state: 'FINAL', mine: { registered: true, mayRegister: false, runsUsed: 1, place: 3 } }),
      contestView({ id: 2, name: '全市技能竞赛', state: 'REGISTRATION' }),
      contestView({ id: 4, name: '全省团体赛', tier: 'PROVINCE', format: 'TEAM', state: 'RUNNING', mine: { mayRegister: false, teamRole: 'DRAWN' } }),
    ]))
    const mounted = await mountAt('/contests')
    wrapper = mounted.wrapper
    expect(calls[0].url).toBe('/api/contests')
    const mine = wrapper.find('[data-testid="contests-mine"]').findAll('[data-testid="contest-item"]')
    expect(mine.map((c) => c.attributes('data-state'))).toEqual(['RUNNING', 'FINAL'])
    expect(mine[0].find('[data-testid="state-badge"]').text()).toBe('进行中')
    expect(mine[0].text()).toContain('我的身份：被抽中')
    expect(mine[1].text()).toContain('我的名次：第 3 名')
    const others = wrapper.find('[data-testid="contests-others"]').findAll('[data-testid="contest-item"]')
    expect(others).toHaveLength(1)
    expect(others[0].text()).toContain('报名中')
    expect(others[0].text()).toContain('可报名')

    await others[0].trigger('click')
    await flushPromises()
    expect(mounted.router.currentRoute.value.fullPath).toBe('/contests/2')
  })

  it('says so when there is no contest for me', async () => {
    mockFetch(() => json(200, []))
    const mounted = await mountAt('/contests')
    wrapper = mounted.wrapper
    expect(wrapper.text()).toContain('暂时没有面向您的竞赛')
  })

  it('shows the live board with my row and my unit highlighted, and my place pinned', async () => {
    const calls = mockFetch(() => json(200, {
      contestId: 3, source: 'LIVE', myRank: 2, myScore: 90,
      people: [
        { rank: 1, id: 30, name: '李强', unit: '莱芜钢铁', score: 95, elapsedMs: 600000 },
        { rank: 2, id: 7, name: '王志强', unit: '济南鲁钢', score: 90, elapsedMs: 725000 },
      ],
      teams: [
        { rank: 1, id: 5, name: '济南鲁钢', score: 88, members: 3 },
        { rank: 2, id: 4, name: '莱芜钢铁', score: 80, members: 3 },
      ],
    }))
    const mounted = await mountAt('/contests/3/board')
    wrapper = mounted.wrapper
    expect(calls[0].url).toBe('/api/contests/3/board?size=50')
    const rows = wrapper.findAll('[data-testid="board-people"] li')
    expect(rows).toHaveLength(2)
    expect(rows[1].classes()).toContain('mine')
    expect(rows[0].classes()).not.toContain('mine')
    expect(rows[1].text()).toContain('12 分 05 秒')
    expect(wrapper.find('[data-testid="my-rank"]').text()).toContain('第 2 名')
    expect(wrapper.find('[data-testid="my-rank"]').text()).toContain('90 分')

    await wrapper.findAll('.van-tab')[1].trigger('click')
    await flushPromises()
    const teams = wrapper.findAll('[data-testid="board-teams"] li')
    expect(teams).toHaveLength(2)
    expect(teams[0].classes()).toContain('mine')
    expect(teams[0].text()).toContain('本单位')
  })

  it('shows the final results with who qualified, my placing first', async () => {
    mockFetch(() => json(200, {
      contestId: 3, state: 'FINAL',
      people: [
        { place: 1, accountId: 30, name: '李强', enterpriseId: 4, enterpriseName: '莱芜钢铁', score: 95, elapsedMs: 600000, qualified: true, certificateNo: 'JS-1' },
        { place: 2, accountId: 7, name: '王志强', enterpriseId: 5, enterpriseName: '济南鲁钢', score: 90, elapsedMs: 725000, qualified: true, certificateNo: 'JS-2' },
        { place: 3, accountId: 31, name: '赵六', enterpriseId: 4, enterpriseName: '莱芜钢铁', score: 70, elapsedMs: 900000, qualified: false, certificateNo: null },
      ],
      teams: [],
    }))
    const mounted = await mountAt('/contests/3/results')
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="my-result"]').text()).toContain('第 2 名')
    expect(wrapper.find('[data-testid="my-result"]').text()).toContain('出线')
    expect(wrapper.find('[data-testid="my-result"]').text()).toContain('JS-2')
    const rows = wrapper.findAll('[data-testid="results-people"] li')
    expect(rows).toHaveLength(3)
    expect(rows[1].classes()).toContain('mine')
    expect(rows[2].text()).not.toContain('出线')
  })

  it('says the results are not out yet before the contest is final', async () => {
    mockFetch(() => json(409, { type: 'https://chuangguan.io/problems/contest-state', status: 409 }))
    const mounted = await mountAt('/contests/3/results')
    wrapper = mounted.wrapper
    expect(wrapper.find('.state-error').text()).toContain('成绩尚未公布')
  })
})

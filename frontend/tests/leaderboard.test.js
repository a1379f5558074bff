import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import MyRankBar from '../src/components/MyRankBar.vue'
import LeaderboardView from '../src/views/LeaderboardView.vue'
import { json, mockFetch, signedIn } from './helpers.js'

describe('MyRankBar (my pinned row)', () => {
  it('shows my rank, name and points', () => {
    const wrapper = mount(MyRankBar, { props: { place: { rank: 3, points: 180 }, name: '王志强' } })
    expect(wrapper.text()).toContain('第 3 名')
    expect(wrapper.text()).toContain('王志强')
    expect(wrapper.text()).toContain('180 分')
  })

  it('says I am not on the board yet when my rank is null', () => {
    const wrapper = mount(MyRankBar, { props: { place: { rank: null, points: null }, name: '王志强' } })
    expect(wrapper.text()).toContain('暂未上榜')
    expect(wrapper.text()).not.toContain('名')
  })
})

describe('LeaderboardView', () => {
  beforeEach(() => {
    signedIn({ id: 7, displayName: '王志强' })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('lists the board, highlights my row and pins my place, and reloads for another scope', async () => {
    const entries = Array.from({ length: 3 }, (_, i) => ({
      rank: i + 1, workerId: i === 1 ? 7 : 100 + i, displayName: i === 1 ? '王志强' : `职工${i}`, enterprise: '济南鲁钢', points: 300 - i * 10,
    }))
    const calls = mockFetch((call) => {
      if (call.url.includes('/me?')) {
        return json(200, { board: 'TRADE:1', label: '2026-W48', size: 3, rank: 2, points: 290, entries: [] })
      }
      return json(200, { board: 'TRADE:1', scope: 'TRADE', scopeId: 1, period: 'WEEK', label: '2026-W48', size: 3, entries })
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/leaderboard', component: LeaderboardView }] })
    router.push('/leaderboard')
    await router.isReady()
    const wrapper = mount(LeaderboardView, { global: { plugins: [router] } })
    await flushPromises()

    expect(calls.map((c) => c.url)).toContain('/api/leaderboards/TRADE/WEEK?offset=0&limit=50')
    expect(calls.map((c) => c.url)).toContain('/api/leaderboards/TRADE/WEEK/me?around=0')
    const rows = wrapper.findAll('li.entry')
    expect(rows).toHaveLength(3)
    expect(rows[1].classes()).toContain('mine')
    expect(rows[1].text()).toContain('我')
    expect(wrapper.text()).toContain('2026年第48周 · 共 3 人上榜')
    const pinned = wrapper.find('[data-testid="my-rank"]')
    expect(pinned.text()).toContain('第 2 名')
    expect(pinned.text()).toContain('290 分')

    await wrapper.findAll('button.period').find((b) => b.text() === '总榜').trigger('click')
    await flushPromises()
    expect(calls.map((c) => c.url)).toContain('/api/leaderboards/TRADE/ALL_TIME?offset=0&limit=50')
  })
})

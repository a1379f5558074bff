import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { RouterView, createMemoryHistory } from 'vue-router'
import { createAppRouter } from '../src/router.js'
import { noticeTarget } from '../src/lib/notices.js'
import { json, mockFetch, signedIn, tick } from './helpers.js'

const ME = { id: 7, displayName: '王志强', roles: ['WORKER'], trade: { id: 1, name: '炼钢工' }, grade: 5, gradeTitle: '初级工', enterprise: { name: '济钢集团' } }
const NOTICES = {
  unread: 2,
  items: [
    { id: 31, title: '安全月闯关活动', body: '12 月是安全生产月，\n请完成安全规程关卡。', link: '/levels/12', sentAt: '2026-12-01T01:00:00Z', from: '济南市总工会', read: false },
    { id: 30, title: '年终技能比武报名', body: '报名截止 12 月 20 日。', link: null, sentAt: '2026-11-28T01:00:00Z', from: '济钢集团工会', read: false },
    { id: 29, title: '系统升级', body: '周六凌晨升级。', link: null, sentAt: '2026-11-20T01:00:00Z', from: '山东省总工会', read: true },
  ],
}

function backend() {
  return mockFetch((call) => {
    if (call.url === '/api/me/notices') return json(200, structuredClone(NOTICES))
    if (/^\/api\/me\/notices\/\d+\/read$/.test(call.url)) return json(204)
    if (call.url === '/api/me') return json(200, ME)
    if (call.url.startsWith('/api/trades/1/levels')) return json(200, [])
    if (call.url.startsWith('/api/me/attempts')) return json(200, { items: [], total: 0, page: 0, size: 50 })
    if (call.url.startsWith('/api/leaderboards/')) return json(200, { rank: null, points: 0 })
    return json(404, { status: 404 })
  })
}

async function mountAt(path) {
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } })
  for (let i = 0; i < 4; i++) {
    await flushPromises()
    await tick()
  }
  return { wrapper, router }
}

describe('a notice’s link', () => {
  const router = createAppRouter(createMemoryHistory())
  const resolve = (p) => router.resolve(p)

  it('opens the map at a level, another page of the app as it is, nothing for what the app has not', () => {
    expect(noticeTarget('/levels/12', resolve)).toEqual({ name: 'map', query: { level: '12' } })
    expect(noticeTarget('/leaderboard', resolve)).toBe('/leaderboard')
    // the union's notice of a contest opens the contest's page
    expect(noticeTarget('/contests/3', resolve)).toBe('/contests/3')
    expect(noticeTarget('/contests/3/no-such-page', resolve)).toBeNull()
    expect(noticeTarget('https://example.com/', resolve)).toBeNull()
    expect(noticeTarget('//example.com/x', resolve)).toBeNull()
    expect(noticeTarget(null, resolve)).toBeNull()
  })
})

describe('notices in the phone app', () => {
  beforeEach(() => signedIn({ id: 7, displayName: '王志强' }))
  afterEach(() => vi.unstubAllGlobals())

  it('shows the unread count on the home page’s bell, which opens the list', async () => {
    backend()
    const { wrapper, router } = await mountAt('/')
    expect(wrapper.find('[data-testid="notice-unread"]').text()).toBe('2')
    expect(wrapper.find('[data-testid="notice-bell"]').attributes('aria-label')).toBe('通知，2 条未读')
    await wrapper.find('[data-testid="notice-bell"]').trigger('click')
    // the page's chunk is transformed at its first import: give it time
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('notices'), { timeout: 15000 })
  }, 20000) // the home page's chunk, too, is transformed at its first import: on a busy machine that alone took 5–7 s

  it('lists the notices with their read state; opening one marks it read and follows its link', async () => {
    const calls = backend()
    const { wrapper, router } = await mountAt('/notices')
    const notices = wrapper.findAll('[data-testid="notice"]')
    expect(notices.map((n) => n.attributes('data-read'))).toEqual(['false', 'false', 'true'])
    expect(notices[0].text()).toContain('济南市总工会')
    expect(notices[0].text()).toContain('查看')
    expect(notices[1].text()).not.toContain('查看')

    // no link: read in place, the whole text shown
    await notices[1].trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/me/notices/30/read'])
    expect(wrapper.findAll('[data-testid="notice"]')[1].attributes('data-read')).toBe('true')
    expect(wrapper.findAll('[data-testid="notice"]')[1].attributes('aria-expanded')).toBe('true')

    // a notice already read is not marked again
    await wrapper.findAll('[data-testid="notice"]')[2].trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)

    await wrapper.findAll('[data-testid="notice"]')[0].trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toContain('/api/me/notices/31/read')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('map'), { timeout: 15000 })
    expect(router.currentRoute.value.query.level).toBe('12')
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import ContestRunView from '../src/views/ContestRunView.vue'
import ContestRunResultView from '../src/views/ContestRunResultView.vue'
import { RETRY_DELAYS_MS } from '../src/stores/attempt.js'
import { runKey } from '../src/stores/contestRun.js'
import { json, mockFetch, signedIn } from './helpers.js'
import { contestRun, runScored } from './fixtures.js'

const Stub = { template: '<div />' }
const savedDelays = [...RETRY_DELAYS_MS]
const posts = (calls) => calls.filter((c) => c.method === 'POST')
const panel = (wrapper) => wrapper.find('[data-testid="submit-state"]')

async function mountAt(path) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/contests/:id(\\d+)', name: 'contest', component: Stub },
      { path: '/contests/:id(\\d+)/runs/:runId(\\d+)', name: 'contest-run', component: ContestRunView },
      { path: '/contests/:id(\\d+)/runs/:runId(\\d+)/result', name: 'contest-run-result', component: ContestRunResultView },
      { path: '/contests/:id(\\d+)/board', name: 'contest-board', component: Stub },
    ],
  })
  router.push(path)
  await router.isReady()
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('ContestRunView', () => {
  let wrapper
  beforeEach(() => {
    signedIn({ id: 7 })
    RETRY_DELAYS_MS.splice(0, RETRY_DELAYS_MS.length) // no automatic back-off in these tests
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    RETRY_DELAYS_MS.splice(0, RETRY_DELAYS_MS.length, ...savedDelays)
    vi.unstubAllGlobals()
  })

  it('shows the time left by the server\'s clock and hands the run in by itself at zero, then the score', async () => {
    let submitted = false
    const calls = mockFetch((call) => {
      if (call.method === 'POST') {
        submitted = true
        return json(200, runScored())
      }
      if (submitted) return json(200, runScored())
      // the phone is five minutes fast: by its own clock the run would be long over
      const serverNow = Date.now() - 5 * 60000
      return json(200, contestRun({ serverTime: new Date(serverNow).toISOString(), expiresAt: new Date(serverNow + 1000).toISOString() }))
    })
    const mounted = await mountAt('/contests/3/runs/91')
    wrapper = mounted.wrapper
    expect(calls[0].url).toBe('/api/contests/3/runs/91')
    expect(wrapper.find('[data-testid="countdown"]').text()).toMatch(/00:0[01]/)
    await wrapper.find('button[data-key="D"]').trigger('click')
    expect(JSON.parse(localStorage.getItem(runKey(91))).answers).toEqual({ 11: ['D'] })

    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('contest-run-result'), { timeout: 4000 })
    expect(posts(calls)).toHaveLength(1)
    expect(posts(calls)[0].url).toBe('/api/contests/3/runs/91/submission')
    expect(posts(calls)[0].body.answers[0]).toEqual({ questionId: 11, selected: ['D'] })
    await flushPromises()
    expect(wrapper.find('[data-testid="run-score"]').text()).toBe('67')
    expect(wrapper.find('[data-testid="review-later"]').text()).toBe('成绩将在竞赛结束后公布详细解析')
  })

  it('says plainly when the server answers that the time is over', async () => {
    const calls = mockFetch((call) => (call.method === 'GET'
      ? json(200, contestRun({ expiresAt: new Date(Date.now() + 600).toISOString() }))
      : json(409, { type: 'https://chuangguan.io/problems/attempt-timed-out', status: 409 })))
    const mounted = await mountAt('/contests/3/runs/91')
    wrapper = mounted.wrapper
    await vi.waitFor(() => expect(panel(wrapper).attributes('data-state')).toBe('timedout'), { timeout: 4000 })
    expect(posts(calls)).toHaveLength(1)
    expect(panel(wrapper).text()).toContain('不计成绩')
    await wrapper.find('[data-testid="back-to-contest"]').trigger('click')
    await flushPromises()
    expect(mounted.router.currentRoute.value.fullPath).toBe('/contests/3')
  })

  it('goes to the result for a run already handed in', async () => {
    mockFetch(() => json(200, runScored()))
    const mounted = await mountAt('/contests/3/runs/91')
    wrapper = mounted.wrapper
    await flushPromises()
    expect(mounted.router.currentRoute.value.name).toBe('contest-run-result')
  })
})

describe('ContestRunResultView', () => {
  let wrapper
  beforeEach(() => signedIn({ id: 7 }))
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.unstubAllGlobals()
  })

  it('shows the answers and explanations once the contest is final', async () => {
    const { questions } = contestRun()
    mockFetch(() => json(200, runScored({
      questions,
      review: [
        { id: 11, selected: ['D'], correct: true, correctKeys: ['D'], explanation: '红色表示禁止。' },
        { id: 12, selected: ['B'], correct: false, correctKeys: ['B', 'C', 'D'], explanation: '硅铁、锰铁、铝都是脱氧剂。' },
        { id: 13, selected: [], correct: false, correctKeys: ['A'], explanation: null, withheld: 'NOT_ANSWERED' },
      ],
    })))
    const mounted = await mountAt('/contests/3/runs/91/result')
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="run-score"]').text()).toBe('67')
    expect(wrapper.find('[data-testid="review-later"]').exists()).toBe(false)
    const items = wrapper.findAll('.review-item')
    expect(items).toHaveLength(3)
    expect(items[1].attributes('data-correct')).toBe('false')
    expect(items[1].text()).toContain('正确答案：B、C、D')
    expect(items[1].text()).toContain('硅铁、锰铁、铝都是脱氧剂。')
    expect(items[2].text()).toContain('本题未作答')
  })

  it('shows the score of the submission when the run cannot be read right after it (weak network)', async () => {
    sessionStorage.setItem('cg.contest-result.91', JSON.stringify(runScored({ score: 88 })))
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    const mounted = await mountAt('/contests/3/runs/91/result')
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="run-score"]').text()).toBe('88')
    expect(wrapper.find('[data-testid="review-error"]').text()).toContain('网络连接失败')
  })

  it('keeps a run under the answer-time floor with its score and says it ranks nowhere', async () => {
    mockFetch(() => json(200, runScored({ status: 'TOO_FAST', score: 100, notCountedReason: 'TOO_FAST', minimumSeconds: 60 })))
    const mounted = await mountAt('/contests/3/runs/91/result')
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="run-score"]').text()).toBe('100')
    expect(wrapper.find('[data-testid="too-fast"]').text()).toContain('不足 60 秒')
    expect(wrapper.find('[data-testid="too-fast"]').text()).toContain('不计入排名')
  })

  it('says a timed-out run does not count', async () => {
    mockFetch(() => json(200, runScored({ status: 'TIMED_OUT', score: undefined, correctCount: undefined })))
    const mounted = await mountAt('/contests/3/runs/91/result')
    wrapper = mounted.wrapper
    expect(wrapper.find('[data-testid="run-summary"]').text()).toContain('超时未交卷')
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import QuizView from '../src/views/QuizView.vue'
import { RETRY_DELAYS_MS, attemptKey } from '../src/stores/attempt.js'
import { json, mockFetch, signedIn } from './helpers.js'
import { paper, submission } from './fixtures.js'

const Stub = { template: '<div />' }
const savedDelays = [...RETRY_DELAYS_MS]

async function mountQuiz() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/attempts/:id(\\d+)', name: 'quiz', component: QuizView },
      { path: '/attempts/:id(\\d+)/result', name: 'result', component: Stub },
      { path: '/map', name: 'map', component: Stub },
    ],
  })
  router.push('/attempts/42')
  await router.isReady()
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** A submission frozen before a reload: the page resubmits it when it opens. */
function savePending() {
  const answers = paper().questions.map((q) => ({ questionId: q.id, selected: q.id === 11 ? ['D'] : [] }))
  localStorage.setItem(attemptKey(42), JSON.stringify({ answers: { 11: ['D'] }, index: 0, pending: { answers }, savedAt: Date.now() }))
}

const posts = (calls) => calls.filter((c) => c.method === 'POST')
const panel = (wrapper) => wrapper.find('[data-testid="submit-state"]')

describe('QuizView submission', () => {
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

  it('sends a submission that gave up again by itself when the network comes back', async () => {
    savePending()
    let online = false
    const calls = mockFetch((call) => {
      if (call.method === 'GET') return json(200, paper())
      return online ? json(200, submission()) : Promise.reject(new TypeError('Failed to fetch'))
    })
    const mounted = await mountQuiz()
    wrapper = mounted.wrapper
    expect(posts(calls)).toHaveLength(1)
    expect(panel(wrapper).attributes('data-state')).toBe('failed')
    expect(panel(wrapper).text()).toContain('网络恢复后会自动重新提交')

    online = true
    window.dispatchEvent(new Event('online'))
    await flushPromises()
    expect(posts(calls)).toHaveLength(2)
    expect(new Set(posts(calls).map((c) => c.rawBody)).size).toBe(1)
    expect(mounted.router.currentRoute.value.name).toBe('result')
  })

  it('after a reload on a dead network, loads the paper and sends the waiting submission when the network is back', async () => {
    savePending()
    let online = false
    const calls = mockFetch((call) => {
      if (!online) return Promise.reject(new TypeError('Failed to fetch'))
      return call.method === 'GET' ? json(200, paper()) : json(200, submission())
    })
    const mounted = await mountQuiz()
    wrapper = mounted.wrapper
    expect(wrapper.find('.state-error').text()).toContain('网络连接失败')
    online = true
    window.dispatchEvent(new Event('online'))
    await flushPromises()
    expect(posts(calls)).toHaveLength(1)
    expect(mounted.router.currentRoute.value.name).toBe('result')
  })

  it('says in Chinese when the next screen cannot be fetched (no English from the browser)', async () => {
    mockFetch(() => json(200, paper({ status: 'SUBMITTED' })))
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/attempts/:id(\\d+)', name: 'quiz', component: QuizView },
        { path: '/attempts/:id(\\d+)/result', name: 'result', component: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/ResultView-x1.js')) },
      ],
    })
    router.onError(() => {})
    router.push('/attempts/42')
    await router.isReady()
    wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } })
    await flushPromises()
    expect(wrapper.find('.state-error').text()).toContain('页面加载失败，请检查网络后重试')
    expect(wrapper.text()).not.toMatch(/Failed to fetch/)
  })

  it('tries a submission that gave up once more at zero, while the server still takes it', async () => {
    savePending()
    let failures = 1
    const calls = mockFetch((call) => {
      if (call.method === 'GET') return json(200, paper({ expiresAt: new Date(Date.now() + 1200).toISOString() }))
      return failures-- > 0 ? Promise.reject(new TypeError('Failed to fetch')) : json(200, submission())
    })
    const mounted = await mountQuiz()
    wrapper = mounted.wrapper
    expect(posts(calls)).toHaveLength(1)
    expect(panel(wrapper).attributes('data-state')).toBe('failed')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('result'), { timeout: 4000 })
    expect(posts(calls)).toHaveLength(2)
  })

  it('sends a frozen submission once after a reload past zero (countdown and reload do not both send)', async () => {
    savePending()
    const calls = mockFetch((call) => (call.method === 'GET'
      ? json(200, paper({ expiresAt: new Date(Date.now() - 5000).toISOString() }))
      : json(200, submission())))
    const mounted = await mountQuiz()
    wrapper = mounted.wrapper
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('result'))
    await new Promise((r) => setTimeout(r, 100))
    expect(posts(calls)).toHaveLength(1)
  })

  it('submits once by itself at zero, and says plainly when the server answers that the time is over', async () => {
    const calls = mockFetch((call) => {
      if (call.method === 'GET') return json(200, paper({ expiresAt: new Date(Date.now() + 800).toISOString() }))
      return json(409, { type: 'https://chuangguan.io/problems/attempt-timed-out', status: 409 })
    })
    const mounted = await mountQuiz()
    wrapper = mounted.wrapper
    await mounted.wrapper.find('button[data-key="D"]').trigger('click')
    await vi.waitFor(() => expect(panel(wrapper).attributes('data-state')).toBe('timedout'), { timeout: 4000 })
    await new Promise((r) => setTimeout(r, 1200))
    expect(posts(calls)).toHaveLength(1)
    expect(posts(calls)[0].body.answers[0]).toEqual({ questionId: 11, selected: ['D'] })
    expect(panel(wrapper).text()).toContain('答题时间已到')
    expect(panel(wrapper).text()).toContain('不计成绩')
    expect(localStorage.getItem(attemptKey(42))).toBeNull()
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import ResultView from '../src/views/ResultView.vue'
import { useAttemptStore } from '../src/stores/attempt.js'
import { json, mockFetch, signedIn } from './helpers.js'
import { paper, submission } from './fixtures.js'

const Stub = { template: '<div />' }

async function mountResult() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/attempts/:id(\\d+)/result', name: 'result', component: ResultView },
      { path: '/attempts/:id(\\d+)', name: 'quiz', component: Stub },
      { path: '/map', name: 'map', component: Stub },
      { path: '/wrong-book', component: Stub },
    ],
  })
  router.push('/attempts/42/result')
  await router.isReady()
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('ResultView on a weak network', () => {
  beforeEach(() => {
    signedIn({ id: 7, trade: { id: 1 } })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('shows the score of the submission just made even when the attempt cannot be read, and the review once it can', async () => {
    const store = useAttemptStore()
    store.open(paper())
    store.select(11, ['D'])
    let network = true
    mockFetch((call) => {
      if (call.method === 'POST') return json(200, submission())
      if (call.url === '/api/attempts/42') {
        if (!network) return Promise.reject(new TypeError('Failed to fetch'))
        const review = paper().questions.map((q) => ({ id: q.id, selected: q.id === 11 ? ['D'] : [], correct: q.id === 11, correctKeys: ['D'], explanation: '' }))
        return json(200, paper({ status: 'SUBMITTED', result: submission(), review }))
      }
      if (call.url.startsWith('/api/trades/')) return json(200, [{ id: 1, order: 1, name: '安全生产基础（一）', grade: 5, status: 'PASSED', passMark: 60 }])
      return json(200, {})
    })
    await store.submit()
    network = false

    const wrapper = await mountResult()
    expect(wrapper.find('.state-error').exists()).toBe(false)
    expect(wrapper.find('[data-testid="score"]').text()).toBe('67')
    expect(wrapper.find('[data-testid="verdict"]').text()).toBe('恭喜过关！')
    expect(wrapper.find('[data-testid="points"]').text()).toBe('+67')
    expect(wrapper.find('[data-testid="ranks"]').text()).toContain('第 3 名')
    expect(wrapper.find('[data-testid="review-error"]').text()).toContain('网络连接失败')
    expect(wrapper.find('[data-testid="again"]').text()).toBe('再来一次')

    network = true
    await wrapper.find('[data-testid="review-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="review-error"]').exists()).toBe(false)
    expect(wrapper.findAll('.review-item')).toHaveLength(3)
    expect(wrapper.find('[data-testid="score"]').text()).toBe('67')
  })

  it('still says so plainly when nothing about the attempt is known on this phone', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    const wrapper = await mountResult()
    expect(wrapper.find('.state-error').text()).toContain('网络连接失败，请检查网络后重试')
  })

  it('toggles "only wrong answers" with one big target', async () => {
    const review = paper().questions.map((q) => ({ id: q.id, selected: ['A'], correct: q.id === 11, correctKeys: ['A'], explanation: '' }))
    mockFetch((call) => (call.url === '/api/attempts/42'
      ? json(200, paper({ status: 'SUBMITTED', mode: 'PRACTICE', result: submission({ mode: 'PRACTICE' }), review }))
      : json(200, [])))
    const wrapper = await mountResult()
    expect(wrapper.findAll('.review-item')).toHaveLength(3)
    const toggle = wrapper.find('[data-testid="only-wrong"]')
    expect(toggle.attributes('aria-checked')).toBe('false')
    await toggle.trigger('click')
    expect(toggle.attributes('aria-checked')).toBe('true')
    expect(wrapper.findAll('.review-item')).toHaveLength(2)
    await wrapper.find('[data-testid="only-wrong"] .van-switch').trigger('click')
    expect(wrapper.findAll('.review-item')).toHaveLength(3)
  })

  it('says why a run that was too fast did not count, and shows no unlock', async () => {
    const review = paper().questions.map((q) => ({ id: q.id, selected: ['A'], correct: true, correctKeys: ['A'], explanation: '' }))
    const result = submission({ score: 100, counted: false, notCountedReason: 'TOO_FAST', minimumSeconds: 9, pointsEarned: 0,
      nextLevelUnlocked: false, nextLevelId: null })
    mockFetch((call) => (call.url === '/api/attempts/42'
      ? json(200, paper({ status: 'SUBMITTED', result, review }))
      : json(200, [])))
    const wrapper = await mountResult()
    expect(wrapper.find('[data-testid="verdict"]').text()).toBe('本次成绩不计')
    const why = wrapper.find('[data-testid="not-counted"]').text()
    expect(why).toContain('用时过短')
    expect(why).toContain('9 秒')
    expect(why).toContain('不计积分')
    expect(wrapper.find('.unlocked').exists()).toBe(false)
    expect(wrapper.find('[data-testid="next-level"]').exists()).toBe(false)
  })

  it('shows an exam question right or wrong without its key, and no key for a question left unanswered', async () => {
    const [first, second, third] = paper().questions
    const review = [
      { id: first.id, selected: ['B'], correct: false, withheld: 'EXAM' },
      { id: second.id, selected: [], correct: false, withheld: 'NOT_ANSWERED' },
      { id: third.id, selected: ['A'], correct: true, correctKeys: ['A'], explanation: '因为A' },
    ]
    mockFetch((call) => (call.url === '/api/attempts/42'
      ? json(200, paper({ status: 'SUBMITTED', result: submission(), review }))
      : json(200, [])))
    const wrapper = await mountResult()
    const items = wrapper.findAll('.review-item')
    expect(items[0].text()).toContain('✗ 答错')
    expect(items[0].find('[data-testid="withheld"]').text()).toContain('考核题不公布答案')
    expect(items[0].text()).not.toContain('正确答案')
    expect(items[1].find('[data-testid="withheld"]').text()).toContain('未作答')
    expect(items[2].text()).toContain('正确答案')
    expect(items[2].text()).toContain('因为A')
  })
})

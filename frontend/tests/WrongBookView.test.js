import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import WrongBookView from '../src/views/WrongBookView.vue'
import { deferred, json, mockFetch, signedIn } from './helpers.js'

function item(questionId, stem) {
  return { questionId, type: 'SINGLE', stem, options: [{ key: 'A', text: '是' }, { key: 'B', text: '否' }], correctKeys: ['A'],
    explanation: '', knowledgePoints: ['安全生产'], wrongCount: 1, lastWrongAt: '2026-11-25T02:00:00Z', mastered: false }
}

describe('WrongBookView', () => {
  beforeEach(() => {
    signedIn({ id: 7 })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('shows the list of the tab chosen last, even when an earlier tab answers later (slow network)', async () => {
    const answers = []
    mockFetch((call) => {
      const d = deferred()
      answers.push({ status: new URL(call.url, 'http://x').searchParams.get('status'), d })
      return d.promise
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/wrong-book', component: WrongBookView }, { path: '/me', component: WrongBookView }] })
    router.push('/wrong-book')
    await router.isReady()
    const wrapper = mount(WrongBookView, { global: { plugins: [router] } })
    await flushPromises()
    answers[0].d.resolve(json(200, { items: [item(1, '待攻克的题')], total: 1, page: 0, size: 100 }))
    await flushPromises()
    expect(wrapper.find('[data-testid="wrong-total"]').text()).toBe('1')

    const tabs = wrapper.findAll('.van-tab')
    await tabs[1].trigger('click') // 已掌握: slow
    await flushPromises()
    await tabs[0].trigger('click') // back to 待攻克
    await flushPromises()
    expect(answers.map((a) => a.status)).toEqual(['OPEN', 'MASTERED', 'OPEN'])
    answers[2].d.resolve(json(200, { items: [item(1, '待攻克的题'), item(2, '另一道待攻克的题')], total: 2, page: 0, size: 100 }))
    await flushPromises()
    answers[1].d.resolve(json(200, { items: [item(9, '已掌握的题')], total: 1, page: 0, size: 100 }))
    await flushPromises()
    expect(wrapper.find('[data-testid="wrong-total"]').text()).toBe('2')
    expect(wrapper.text()).not.toContain('已掌握的题')
  })
})

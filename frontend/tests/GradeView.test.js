import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import GradeView from '../src/views/GradeView.vue'
import { json, mockFetch, signedIn } from './helpers.js'

vi.mock('../src/lib/ui.js', () => ({ showConfirmDialog: vi.fn(() => Promise.resolve('confirm')) }))

const me = { id: 7, displayName: '王志强', roles: ['WORKER'], trade: { id: 1, name: '炼钢工' }, grade: 5, gradeTitle: '初级工' }
const conditions = [
  { type: 'EXAM_LEVELS', met: true, missingLevels: [] },
  { type: 'YEARS_IN_GRADE', met: true, requiredYears: 2, monthsServed: 30, monthsMissing: 0 },
]

function backend(eligibility) {
  return mockFetch((call) => {
    if (call.url.startsWith('/api/me/promotion-eligibility')) return json(200, eligibility)
    if (call.url.startsWith('/api/me/promotions')) return json(200, [])
    return json(200, me)
  })
}

async function mountGrade() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/grade', component: GradeView }, { path: '/me', component: GradeView }, { path: '/map', name: 'map', component: GradeView }] })
  router.push('/grade')
  await router.isReady()
  const wrapper = mount(GradeView, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('GradeView (my grade)', () => {
  beforeEach(() => {
    signedIn({ id: 7, displayName: '王志强' })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('offers the apply button when every condition is met and nothing is waiting', async () => {
    backend({ tradeId: 1, currentGrade: 5, nextGrade: 4, nextGradeTitle: '中级工', eligible: true, conditions, pendingApplication: null })
    const wrapper = await mountGrade()
    const apply = wrapper.find('[data-testid="apply"]')
    expect(apply.exists()).toBe(true)
    expect(apply.text()).toContain('申请晋级')
    expect(apply.attributes('disabled')).toBeUndefined()
    expect(wrapper.find('[data-testid="pending-application"]').exists()).toBe(false)
  })

  it('shows the application under review instead of the apply button', async () => {
    backend({
      tradeId: 1, currentGrade: 5, nextGrade: 4, nextGradeTitle: '中级工', eligible: true, conditions,
      pendingApplication: { id: 3, status: 'PENDING', gradeTo: 4, appliedAt: '2026-11-20T02:00:00Z' },
    })
    const wrapper = await mountGrade()
    const pending = wrapper.find('[data-testid="pending-application"]')
    expect(pending.exists()).toBe(true)
    expect(pending.text()).toContain('审核中')
    expect(pending.text()).toContain('2026年11月20日')
    expect(wrapper.find('[data-testid="apply"]').exists()).toBe(false)
  })

  it('shows the application under review when a repeated tap is told one is already waiting (the first answer was lost)', async () => {
    let pending = null
    let applyCalls = 0
    mockFetch((call) => {
      if (call.url.startsWith('/api/me/promotion-eligibility')) {
        return json(200, { tradeId: 1, currentGrade: 5, nextGrade: 4, nextGradeTitle: '中级工', eligible: true, conditions, pendingApplication: pending })
      }
      if (call.url === '/api/promotion-applications') {
        applyCalls++
        // the server made the application, but the answer never reached the phone
        pending = { id: 3, status: 'PENDING', gradeTo: 4, appliedAt: '2026-11-26T02:00:00Z' }
        if (applyCalls === 1) return Promise.reject(new TypeError('Failed to fetch'))
        return json(409, { type: 'https://chuangguan.io/problems/application-pending', status: 409 })
      }
      if (call.url.startsWith('/api/me/promotions')) return json(200, [])
      return json(200, me)
    })
    const wrapper = await mountGrade()
    await wrapper.find('[data-testid="apply"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="apply-outcome"]').text()).toContain('网络连接失败')
    await wrapper.find('[data-testid="apply"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="apply-outcome"]').text()).toContain('正在审核中')
    expect(wrapper.find('[data-testid="pending-application"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="apply"]').exists()).toBe(false)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { DOMWrapper } from '@vue/test-utils'
import { json, mockApi, mountConsole, settle, signedIn } from './helpers.js'
import { LIXIA, PATH_LIXIA, PERIOD, UNION_ADMIN, coverageView, figuresView, scopeView, xlsx } from './unionFixtures.js'

vi.mock('../../src/console/components/EChart.vue', () => ({
  default: { props: ['option', 'height'], template: '<div data-testid="chart">{{ JSON.stringify(option.series.map((s) => s.data)) }}</div>' },
}))
vi.mock('../../src/console/lib/download.js', () => ({ saveBlob: vi.fn(), showHtml: vi.fn() }))
vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const ofPath = (calls, path, method = 'GET') => calls.filter((c) => c.path === path && c.method === method)
const inBody = (selector) => new DOMWrapper(document.body.querySelector(selector))

const WEAK = {
  period: PERIOD,
  items: [
    { knowledgePoint: { id: 5, name: '安全规程' }, trade: { id: 11, name: '炼钢工' }, answered: 400, wrong: 168, errorRate: 0.42, provinceErrorRate: 0.3 },
    { knowledgePoint: { id: 6, name: '转炉操作' }, trade: { id: 11, name: '炼钢工' }, answered: 200, wrong: 70, errorRate: 0.35, provinceErrorRate: 0.36 },
  ],
}
const QUESTIONS = {
  knowledgePoint: { id: 5, name: '安全规程' },
  items: [{ questionId: 101, ref: 'STM-101', stem: '安全色中表示禁止的颜色是（ ）。', type: 'SINGLE', answered: 90, wrong: 50, errorRate: 0.556 }],
}

function backend(extra = () => undefined) {
  return mockApi((call) => {
    const answer = extra(call)
    if (answer) return answer
    if (call.path === '/api/union/scope') return json(200, scopeView)
    if (call.path === '/api/union/figures') return json(200, figuresView(LIXIA, PATH_LIXIA))
    if (call.path === '/api/union/coverage') return json(200, coverageView)
    if (call.path === '/api/union/weak-points') return json(200, WEAK)
    if (call.path === '/api/union/weak-points/5/questions') return json(200, QUESTIONS)
    return undefined
  }, { user: UNION_ADMIN })
}

describe('coverage', () => {
  it('shows the coverage by size and the enterprises to chase, filtered by size and exported so', async () => {
    const { saveBlob } = await import('../../src/console/lib/download.js')
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => (call.path === '/api/union/coverage.xlsx' ? xlsx('未覆盖企业.xlsx') : undefined))
    const { wrapper, router } = await mountConsole('/union/coverage?unit=region:12&period=QUARTER', pinia)
    const bySize = wrapper.find('[data-test="by-size"]').text()
    expect(bySize).toContain('小型')
    expect(bySize).toContain('25.0%')
    expect(bySize).toContain('合计')
    expect(bySize).toContain('32.0%')
    expect(wrapper.find('[data-test="uncovered"]').text()).toContain('历下小五金厂')
    expect(wrapper.find('[data-test="uncovered"] [data-test="drill"]').attributes('href')).toBe('/console/union/units?unit=enterprise:31&period=QUARTER')
    expect(wrapper.find('h1').text()).toContain('历下区')

    wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.vm.$attrs['data-test'] === 'size-filter').vm.$emit('update:modelValue', 'MICRO')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ unit: 'region:12', period: 'QUARTER', sizeClass: 'MICRO' })
    expect(ofPath(calls, '/api/union/coverage').at(-1).params.get('sizeClass')).toBe('MICRO')

    await wrapper.find('[data-test="export"]').trigger('click')
    await settle()
    expect(Object.fromEntries(ofPath(calls, '/api/union/coverage.xlsx')[0].params)).toEqual({ unit: 'region:12', period: 'QUARTER', sizeClass: 'MICRO' })
    expect(saveBlob).toHaveBeenLastCalledWith(expect.any(Blob), '未覆盖企业.xlsx')
  })
})

describe('weak points', () => {
  it('sets the unit’s error rates against the province’s and opens the questions behind one', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => (call.path === '/api/union/weak-points.xlsx' ? xlsx('薄弱知识点.xlsx') : undefined))
    const { wrapper } = await mountConsole('/union/weak-points?period=YEAR', pinia)
    expect(ofPath(calls, '/api/union/weak-points')[0].params.get('limit')).toBe('10')
    expect(wrapper.find('[data-test="weak-chart"] [data-testid="chart"]').text()).toBe('[[42,35],[30,36]]')
    const table = wrapper.find('[data-test="weak-points"]')
    expect(table.text()).toContain('安全规程')
    expect(table.text()).toContain('42.0%')

    await table.findAll('.el-table__row')[0].trigger('click')
    await settle()
    const asked = ofPath(calls, '/api/union/weak-points/5/questions')
    expect(asked).toHaveLength(1)
    expect(asked[0].params.get('period')).toBe('YEAR')
    expect(wrapper.find('[data-test="weak-questions"]').text()).toContain('STM-101')
    expect(wrapper.find('[data-test="weak-questions"]').text()).toContain('55.6%')

    await wrapper.find('[data-test="export"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/union/weak-points.xlsx')[0].params.get('period')).toBe('YEAR')
  })
})

describe('notices', () => {
  const SENT = { items: [{ id: 3, title: '安全月闯关活动', body: '请完成安全规程关卡。', link: '/levels/12', sentAt: '2026-12-01T01:00:00Z', sentBy: '张主席', audience: '济南市 · 炼钢工', recipients: 200, read: 50 }], total: 1, page: 0, size: 20 }

  it('sends a notice to the workers of a trade, and lists the sent ones with their read rate', async () => {
    const { confirmAction, toast } = await import('../../src/console/lib/feedback.js')
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => {
      if (call.path === '/api/union/notices' && call.method === 'GET') return json(200, SENT)
      if (call.path === '/api/union/notices' && call.method === 'POST') return json(201, { id: 4, recipients: 180 })
      return undefined
    })
    const { wrapper } = await mountConsole('/union/notices', pinia)
    expect(wrapper.find('[data-test="notices"]').text()).toContain('济南市 · 炼钢工')
    expect(wrapper.find('[data-test="notices"]').text()).toContain('25.0%')

    await wrapper.find('[data-test="notice-form"]').trigger('submit')
    await settle()
    expect(ofPath(calls, '/api/union/notices', 'POST')).toHaveLength(0)

    await wrapper.find('input[data-test="notice-title"]').setValue(' 安全月 ')
    await wrapper.find('textarea[data-test="notice-body"]').setValue('请完成安全规程关卡。')
    await wrapper.find('input[data-test="notice-link"]').setValue('levels/12')
    wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.vm.$attrs['data-test'] === 'notice-trade').vm.$emit('update:modelValue', 11)
    await wrapper.find('[data-test="notice-form"]').trigger('submit')
    await settle()
    expect(ofPath(calls, '/api/union/notices', 'POST')).toHaveLength(0)
    await vi.waitFor(() => expect(wrapper.find('[data-test="notice-form"]').text()).toContain('以 / 开头'))

    await wrapper.find('input[data-test="notice-link"]').setValue('/levels/12')
    await wrapper.find('[data-test="notice-form"]').trigger('submit')
    await settle()
    expect(confirmAction).toHaveBeenLastCalledWith(expect.stringContaining('炼钢工的职工'), expect.anything())
    // the trade's industry goes with it
    expect(ofPath(calls, '/api/union/notices', 'POST')[0].body).toEqual({ title: '安全月', body: '请完成安全规程关卡。', link: '/levels/12', industryId: 1, tradeId: 11 })
    expect(toast.success).toHaveBeenCalledWith('通知已发送给 180 名职工')
    expect(ofPath(calls, '/api/industries')).toHaveLength(1)
  })
})

describe('promotion review', () => {
  const APPLICATION = {
    id: 41, workerId: 501, workerName: '王志强', tradeId: 11, gradeFrom: 5, gradeTo: 4, status: 'PENDING',
    evidence: { exams: [{ levelId: 26, levelName: '中级工考核', attemptId: 900, score: 92 }], monthsInGrade: 26, enterpriseId: 3, enterpriseName: '济钢集团' },
    appliedAt: '2026-11-20T02:00:00Z', decidedAt: null, comment: null, certificateNo: null,
    flags: [{ id: 5, kind: 'TOO_FAST', status: 'OPEN', workerId: 501, workerName: '王志强', enterprise: '济钢集团', attemptId: 900, levelName: '中级工考核', detail: {}, raisedAt: '2026-11-19T02:00:00Z' }],
  }

  it('lists the pending applications with their evidence and flags, and decides with a comment', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => {
      if (call.path === '/api/promotion-applications') return json(200, { items: call.params.get('status') === 'PENDING' ? [APPLICATION] : [], total: 1, page: 0, size: 20 })
      if (call.path === '/api/promotion-applications/41/decision') return json(200, { ...APPLICATION, status: call.body.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED' })
      return undefined
    })
    const { wrapper, router } = await mountConsole('/union/promotions', pinia)
    const table = wrapper.find('[data-test="applications"]').text()
    expect(table).toContain('王志强')
    expect(table).toContain('炼钢工')
    expect(table).toContain('初级工 → 中级工')
    expect(table).toContain('中级工考核 92 分')
    expect(wrapper.find('[data-test="integrity-flag"]').text()).toBe('答题过快')

    await wrapper.find('[data-test="reject"]').trigger('click')
    await settle()
    await inBody('[data-testid="comment-confirm"]').trigger('click')
    await settle()
    expect(inBody('[data-testid="comment-error"]').text()).toBe('驳回时请写明原因')
    await inBody('[data-testid="review-comment"]').setValue('考核用时异常，请重新参加考核')
    await inBody('[data-testid="comment-confirm"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/promotion-applications/41/decision', 'POST')[0].body).toEqual({ decision: 'REJECT', comment: '考核用时异常，请重新参加考核' })

    await wrapper.find('[data-test="approve"]').trigger('click')
    await settle()
    await inBody('[data-testid="comment-confirm"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/promotion-applications/41/decision', 'POST')[1].body).toEqual({ decision: 'APPROVE', comment: null })

    await wrapper.find('#tab-APPROVED').trigger('click')
    await settle()
    expect(router.currentRoute.value.query.status).toBe('APPROVED')
    expect(ofPath(calls, '/api/promotion-applications').at(-1).params.get('status')).toBe('APPROVED')
  })
})

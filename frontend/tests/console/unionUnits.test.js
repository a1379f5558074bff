import { afterEach, describe, expect, it, vi } from 'vitest'
import { json, mockApi, mountConsole, settle, signedIn } from './helpers.js'
import {
  JINAN, LICHENG, LIXIA, PATH_LIXIA, PATH_STEELWORKS, STEELWORKS, TEAM, UNION_ADMIN, breakdown, figuresView, row, scopeView, xlsx,
} from './unionFixtures.js'

vi.mock('../../src/console/lib/download.js', () => ({ saveBlob: vi.fn(), showHtml: vi.fn() }))
vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const WORKER = {
  accountId: 501, name: '王志强', phone: '139****0001', team: '炼钢一班', trade: '炼钢工', grade: 5, challengeRuns: 12,
  practiceRuns: 30, levelsPassed: 8, averageScore: 86.25, points: 640, lastRunAt: '2026-12-03T01:30:00Z',
}

function backend(extra = () => undefined) {
  return mockApi((call) => {
    const answer = extra(call)
    if (answer) return answer
    const unit = call.params.get('unit')
    const by = call.params.get('by')
    if (call.path === '/api/union/scope') return json(200, scopeView)
    if (call.path === '/api/union/figures') {
      if (unit === 'enterprise:3') return json(200, figuresView(STEELWORKS, PATH_STEELWORKS))
      return json(200, unit === 'region:12' ? figuresView(LIXIA, PATH_LIXIA) : figuresView(JINAN, scopeView.path))
    }
    if (call.path === '/api/union/breakdown') {
      if (by === 'TRADE') return json(200, breakdown([row({ kind: 'TRADE', id: 11, name: '炼钢工' }, 0.3, null)], { by, total: 1 }))
      if (unit === 'enterprise:3') return json(200, breakdown([row(TEAM, 0.5)], { by }))
      return json(200, breakdown([row(LIXIA, 0.4), row(LICHENG, 0.1)], { by, total: 42 }))
    }
    if (call.path === '/api/union/workers') return json(200, { items: [WORKER], total: 1, page: 0, size: 20 })
    return undefined
  }, { user: UNION_ADMIN })
}

const ofPath = (calls, path) => calls.filter((c) => c.path === path)

describe('the units’ figures', () => {
  it('lists the units below with their figures, each a drill link to the same page at that unit', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper, router } = await mountConsole('/union/units?period=YEAR&at=2026-06-30', pinia)

    const list = ofPath(calls, '/api/union/breakdown')[0]
    expect(Object.fromEntries(list.params)).toEqual({ period: 'YEAR', at: '2026-06-30', by: 'CHILD', sort: 'participationRate', order: 'desc', page: '0', size: '20' })
    expect(wrapper.findAll('.el-tabs__item').map((t) => t.text())).toEqual(['下级单位', '企业', '行业', '工种', '企业规模'])
    const rows = wrapper.findAll('[data-test="unit-row"]')
    expect(rows.map((r) => r.attributes('data-unit'))).toEqual(['region:12', 'region:13'])
    expect(rows[0].text()).toContain('历下区')
    expect(rows[0].text()).toContain('40.0%')
    expect(wrapper.find('[data-test="unit-summary"]').text()).toContain('参与率 25.0%')

    const drill = rows[0].find('[data-test="drill"]')
    expect(drill.attributes('href')).toBe('/console/union/units?period=YEAR&at=2026-06-30&unit=region:12')
    await drill.trigger('click')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ period: 'YEAR', at: '2026-06-30', unit: 'region:12' })
    expect(ofPath(calls, '/api/union/breakdown').at(-1).params.get('unit')).toBe('region:12')
    expect(ofPath(calls, '/api/union/figures').at(-1).params.get('unit')).toBe('region:12')
    expect(wrapper.findAll('[data-test="crumb"]').map((c) => c.text())).toEqual(['济南市'])
  })

  it('sorts by a column header, descending first, and pages', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper, router } = await mountConsole('/union/units', pinia)
    await wrapper.find('th[data-column="points"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ sort: 'points', order: 'desc' })
    expect(ofPath(calls, '/api/union/breakdown').at(-1).params.get('sort')).toBe('points')
    await wrapper.find('th[data-column="points"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.query.order).toBe('asc')
    expect(wrapper.find('th[data-column="points"]').attributes('data-sort')).toBe('asc')
    // not a column the server sorts by
    await wrapper.find('th[data-column="challengeRuns"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.query.sort).toBe('points')

    await wrapper.find('.el-pagination .btn-next').trigger('click')
    await settle()
    expect(router.currentRoute.value.query.page).toBe('1')
    expect(ofPath(calls, '/api/union/breakdown').at(-1).params.get('page')).toBe('1')
  })

  it('switches the dimension by tab; a trade has no unit to drill into', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper, router } = await mountConsole('/union/units?sort=points&page=1', pinia)
    await wrapper.find('#tab-TRADE').trigger('click')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ by: 'TRADE' })
    expect(ofPath(calls, '/api/union/breakdown').at(-1).params.get('by')).toBe('TRADE')
    const rows = wrapper.findAll('[data-test="unit-row"]')
    expect(rows).toHaveLength(1)
    expect(rows[0].text()).toContain('炼钢工')
    expect(rows[0].find('[data-test="drill"]').exists()).toBe(false)
  })

  it('exports the table as shown, with the same filters and without paging', async () => {
    const { saveBlob } = await import('../../src/console/lib/download.js')
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => (call.path === '/api/union/breakdown.xlsx' ? xlsx('单位明细-历下区.xlsx') : undefined))
    const { wrapper } = await mountConsole('/union/units?unit=region:12&by=ENTERPRISE&sort=points&order=asc&page=2&period=RANGE&from=2026-11-01&to=2026-11-30', pinia)
    await wrapper.find('[data-test="export"]').trigger('click')
    await settle()
    const sheet = ofPath(calls, '/api/union/breakdown.xlsx')[0]
    expect(Object.fromEntries(sheet.params)).toEqual({
      unit: 'region:12', period: 'RANGE', from: '2026-11-01', to: '2026-11-30', by: 'ENTERPRISE', sort: 'points', order: 'asc',
    })
    expect(saveBlob).toHaveBeenLastCalledWith(expect.any(Blob), '单位明细-历下区.xlsx')
  })

  it('shows an enterprise’s teams, and its workers in their own table, searchable and exported', async () => {
    const { saveBlob } = await import('../../src/console/lib/download.js')
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => (call.path === '/api/union/workers.xlsx' ? xlsx('职工明细.xlsx') : undefined))
    const { wrapper, router } = await mountConsole('/union/units?unit=enterprise:3', pinia)
    expect(wrapper.findAll('.el-tabs__item').map((t) => t.text())).toEqual(['班组', '工种', '职工'])
    expect(ofPath(calls, '/api/union/breakdown')[0].params.get('by')).toBe('TEAM')
    expect(wrapper.find('[data-test="unit-row"] [data-test="drill"]').attributes('href')).toContain('unit=team:9')

    await wrapper.find('#tab-WORKERS').trigger('click')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ unit: 'enterprise:3', by: 'WORKERS' })
    const workers = ofPath(calls, '/api/union/workers')
    expect(Object.fromEntries(workers[0].params)).toEqual({ unit: 'enterprise:3', period: 'MONTH', sort: 'lastRunAt', order: 'desc', page: '0', size: '20' })
    const rows = wrapper.findAll('[data-test="worker-row"]')
    expect(rows).toHaveLength(1)
    expect(rows[0].attributes('data-worker')).toBe('501')
    expect(rows[0].text()).toContain('139****0001')
    expect(rows[0].text()).toContain('初级工')
    expect(wrapper.find('[data-test="unit-row"]').exists()).toBe(false)

    await wrapper.find('input[data-test="worker-q"]').setValue('王')
    await wrapper.find('[data-test="worker-search"]').trigger('submit')
    await settle()
    expect(router.currentRoute.value.query.q).toBe('王')
    expect(ofPath(calls, '/api/union/workers').at(-1).params.get('q')).toBe('王')

    await wrapper.find('[data-test="export"]').trigger('click')
    await settle()
    const sheet = ofPath(calls, '/api/union/workers.xlsx')[0]
    expect(Object.fromEntries(sheet.params)).toEqual({ unit: 'enterprise:3', period: 'MONTH', q: '王', sort: 'lastRunAt', order: 'desc' })
    expect(saveBlob).toHaveBeenLastCalledWith(expect.any(Blob), '职工明细.xlsx')
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { json, mockApi, mountConsole, settle, signedIn } from './helpers.js'
import {
  JINAN, LICHENG, LIXIA, PATH_LIXIA, UNION_ADMIN, breakdown, coverageView, figuresView, row, scopeView, trendView,
} from './unionFixtures.js'

// ECharts draws on a canvas, which happy-dom has not: the stub lists the bars of a ranked chart, each a button
// that emits the click ECharts would
vi.mock('../../src/console/components/EChart.vue', () => ({
  default: {
    props: ['option', 'height'],
    emits: ['item-click'],
    template: `<div data-testid="chart">
      <button v-for="(name, i) in (Array.isArray(option.yAxis) ? [] : option.yAxis?.data ?? [])" :key="i" :data-bar="i" @click="$emit('item-click', { dataIndex: i })">{{ name }}</button>
      <span data-testid="series">{{ JSON.stringify(option.series.map((s) => s.name ?? null)) }}</span>
    </div>`,
  },
}))
vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** The backend of a union admin of 济南市: figures of 济南市 or 历下区 as asked, its two counties below. */
function backend(extra = () => undefined) {
  return mockApi((call) => {
    const answer = extra(call)
    if (answer) return answer
    const unit = call.params.get('unit')
    if (call.path === '/api/union/scope') return json(200, scopeView)
    if (call.path === '/api/union/figures') {
      return json(200, unit === 'region:12' ? figuresView(LIXIA, PATH_LIXIA) : figuresView(JINAN, scopeView.path))
    }
    if (call.path === '/api/union/trend') return json(200, trendView)
    if (call.path === '/api/union/breakdown') return json(200, breakdown(unit === 'region:12' ? [] : [row(LIXIA, 0.4), row(LICHENG, 0.1)]))
    if (call.path === '/api/union/coverage') return json(200, coverageView)
    return undefined
  }, { user: UNION_ADMIN })
}

const ofPath = (calls, path) => calls.filter((c) => c.path === path)

describe('the union’s overview', () => {
  it('is the union admin’s home, showing their own scope’s figures against the province’s', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper, router } = await mountConsole('/', pinia)
    expect(router.currentRoute.value.name).toBe('union-overview')

    const figures = ofPath(calls, '/api/union/figures')
    expect(figures).toHaveLength(1)
    expect(figures[0].params.get('unit')).toBeNull()
    expect(figures[0].params.get('period')).toBe('MONTH')
    expect(ofPath(calls, '/api/union/trend')[0].params.get('days')).toBe('90')
    expect(ofPath(calls, '/api/union/breakdown')[0].params.toString()).toBe('period=MONTH&by=CHILD&sort=participationRate&order=desc&size=100')

    expect(wrapper.find('h1').text()).toContain('济南市 · 概览')
    expect(wrapper.find('[data-test="kpi-registered"]').text()).toContain('1,200')
    expect(wrapper.find('[data-test="kpi-active"]').text()).toContain('300')
    const participation = wrapper.find('[data-test="kpi-participation"]').text()
    expect(participation).toContain('25.0%')
    expect(participation).toContain('山东省 18.0%')
    expect(participation).toContain('高于山东省 7.0 个百分点')
    expect(wrapper.find('[data-test="kpi-promotions"]').text()).toMatch(/9.*线上考核 7.*技能竞赛 2/s)
    expect(wrapper.find('[data-test="kpi-exam"]').text()).toContain('初级工 40')
    expect(wrapper.find('[data-test="kpi-score"]').text()).toContain('81.5')

    // the province is above the admin's scope: named, not a link
    expect(wrapper.findAll('[data-test="crumb"]')).toHaveLength(0)
    expect(wrapper.find('[data-test="breadcrumb"]').text()).toContain('山东省')
    expect(wrapper.find('[data-test="spread"]').text()).toContain('历城区 10.0%')
    expect(wrapper.find('[data-test="coverage"]').text()).toContain('小型')
    expect(wrapper.find('[data-test="trend"] [data-testid="series"]').text()).toBe('["活跃职工","济南市参与率","山东省参与率"]')
  })

  it('drills down with a click on a bar, the unit in the URL, and back up by the breadcrumb', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper, router } = await mountConsole('/union/overview?period=WEEK&at=2026-12-02', pinia)

    await wrapper.find('[data-test="ranking"] [data-bar="0"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ unit: 'region:12', period: 'WEEK', at: '2026-12-02' })
    const last = ofPath(calls, '/api/union/figures').at(-1)
    expect(last.params.get('unit')).toBe('region:12')
    expect(last.params.get('period')).toBe('WEEK')
    expect(last.params.get('at')).toBe('2026-12-02')
    expect(ofPath(calls, '/api/union/trend').at(-1).params.get('unit')).toBe('region:12')
    expect(wrapper.find('h1').text()).toContain('历下区')

    const crumbs = wrapper.findAll('[data-test="crumb"]')
    expect(crumbs.map((c) => c.text())).toEqual(['济南市'])
    await crumbs[0].trigger('click')
    await settle()
    expect(router.currentRoute.value.query).toEqual({ period: 'WEEK', at: '2026-12-02' })
    expect(ofPath(calls, '/api/union/figures').at(-1).params.get('unit')).toBeNull()
  })

  it('drills down by a name in the ranking too, and keeps the unit over a reload', async () => {
    const pinia = signedIn(UNION_ADMIN)
    backend()
    const { wrapper, router } = await mountConsole('/union/overview', pinia)
    const links = wrapper.findAll('[data-test="drill"]')
    expect(links.map((l) => l.attributes('data-unit'))).toEqual(['region:12', 'region:13'])
    await links[1].trigger('click')
    await settle()
    expect(router.currentRoute.value.query.unit).toBe('region:13')

    const again = signedIn(UNION_ADMIN)
    const calls = backend()
    await mountConsole('/union/overview?unit=region:12', again)
    expect(ofPath(calls, '/api/union/figures')[0].params.get('unit')).toBe('region:12')
    // the unit's kind comes from its key: no need to ask for the caller's scope first
    expect(ofPath(calls, '/api/union/scope')).toHaveLength(0)
  })

  it('changes the period in the URL and asks for it', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper, router } = await mountConsole('/union/overview?unit=region:12', pinia)
    await wrapper.find('[data-test="period-kind"] [data-period="QUARTER"] input').setValue(true)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ unit: 'region:12', period: 'QUARTER' })
    expect(ofPath(calls, '/api/union/figures').at(-1).params.get('period')).toBe('QUARTER')
    await wrapper.find('[data-test="period-kind"] [data-period="MONTH"] input').setValue(true)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ unit: 'region:12' })
  })

  it('opens the monthly report of the chosen month in a new window, fetched with the token', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const popup = { closed: false, location: { href: '' }, document: { title: '' }, close: vi.fn() }
    vi.stubGlobal('open', vi.fn(() => popup))
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:report-1')
    const calls = backend((call) => (call.path === '/api/union/report'
      ? new Response('<!doctype html><title>月报</title>', { status: 200, headers: { 'content-type': 'text/html;charset=UTF-8' } })
      : undefined))
    const { wrapper } = await mountConsole('/union/overview?unit=region:12&at=2026-11-20', pinia)
    await wrapper.find('[data-test="report"]').trigger('click')
    await settle()
    const report = ofPath(calls, '/api/union/report')[0]
    expect(report.params.get('unit')).toBe('region:12')
    expect(report.params.get('month')).toBe('2026-11')
    expect(report.headers.Authorization).toBe('Bearer A1')
    expect(window.open).toHaveBeenCalledTimes(1)
    expect(created.mock.calls[0][0].type).toBe('text/html;charset=utf-8')
    expect(popup.location.href).toBe('blob:report-1')
  })

  it('says when the unit is not the caller’s to see', async () => {
    const pinia = signedIn(UNION_ADMIN)
    backend((call) => (call.path.startsWith('/api/union/') && call.params.get('unit') === 'region:99'
      ? json(404, { type: 'https://chuangguan.io/problems/not-found', status: 404, title: 'Not Found', detail: '没有这个单位，或不在您的管理范围内' })
      : undefined))
    const { wrapper } = await mountConsole('/union/overview?unit=region:99', pinia)
    expect(wrapper.find('[data-test="error"]').text()).toContain('不在您的管理范围内')
    expect(wrapper.find('[data-test="kpi-active"]').exists()).toBe(false)
  })
})

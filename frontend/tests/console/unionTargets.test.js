import { afterEach, describe, expect, it, vi } from 'vitest'
import { DOMWrapper } from '@vue/test-utils'
import { json, mockApi, mountConsole, settle, signedIn } from './helpers.js'
import { JINAN, LICHENG, LIXIA, UNION_ADMIN, breakdown, row, scopeView, target, xlsx } from './unionFixtures.js'

vi.mock('../../src/console/lib/download.js', () => ({ saveBlob: vi.fn(), showHtml: vi.fn() }))
vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const SET = [
  target(),
  target({ id: 72, unit: LICHENG, metric: 'ACTIVE_WORKERS', value: 500, current: 520, shareReached: 1, status: 'DONE' }),
  target({ id: 73, unit: LICHENG, metric: 'SMALL_COVERAGE', value: 0.5, current: 0.1, shareReached: 0.2, status: 'RED',
    followUps: [{ at: '2026-11-02T02:00:00Z', by: '张主席', note: '已电话督促' }, { at: '2026-11-20T02:00:00Z', by: '张主席', note: '约定月底前完成' }] }),
]
const MINE = [target({ id: 60, unit: JINAN, setBy: '省总工会', value: 0.3, status: 'GREEN' })]

function backend(extra = () => undefined) {
  return mockApi((call) => {
    const answer = extra(call)
    if (answer) return answer
    if (call.path === '/api/union/scope') return json(200, scopeView)
    if (call.path === '/api/union/targets' && call.method === 'GET') return json(200, { set: SET, mine: MINE })
    if (call.path === '/api/union/supervision') return json(200, { items: [SET[2], SET[0]] })
    if (call.path === '/api/union/breakdown') return json(200, breakdown([row(LICHENG, 0.1), row(LIXIA, 0.4)]))
    if (call.path === '/api/union/targets' && call.method === 'POST') return json(201, target({ id: 80, ...call.body }))
    if (/^\/api\/union\/targets\/\d+$/.test(call.path) && call.method === 'DELETE') return json(204)
    if (/^\/api\/union\/targets\/\d+\/follow-ups$/.test(call.path)) return json(201, SET[2])
    return undefined
  }, { user: UNION_ADMIN })
}

const ofPath = (calls, path, method = 'GET') => calls.filter((c) => c.path === path && c.method === method)
const inBody = (selector) => new DOMWrapper(document.body.querySelector(selector))
const select = (wrapper, test) => wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.vm.$attrs['data-test'] === test)

describe('targets and supervision', () => {
  it('lists the targets set below, those from above and those behind, each with its status', async () => {
    const pinia = signedIn(UNION_ADMIN)
    backend()
    const { wrapper } = await mountConsole('/union/targets', pinia)
    const set = wrapper.find('[data-test="targets-set"]')
    const tags = set.findAll('[data-test="target-status"]')
    expect(tags.map((t) => [t.attributes('data-status'), t.text()])).toEqual([['AMBER', '预警'], ['DONE', '已完成'], ['RED', '落后']])
    expect(tags[0].classes()).toContain('el-tag--warning')
    expect(tags[2].classes()).toContain('el-tag--danger')
    expect(set.text()).toContain('35.0%')
    expect(set.text()).toContain('当前 20.0%')
    expect(set.text()).toContain('500 人')
    expect(set.text()).toContain('时间已过 70%')
    expect(set.text()).toContain('约定月底前完成')

    const mine = wrapper.find('[data-test="targets-mine"]')
    expect(mine.text()).toContain('省总工会')
    expect(mine.find('[data-test="target-status"]').text()).toBe('正常')
    expect(mine.find('[data-test="target-delete"]').exists()).toBe(false)

    const behind = wrapper.find('[data-test="supervision"]')
    expect(behind.findAll('[data-test="target-status"]').map((t) => t.text())).toEqual(['落后', '预警'])
    // the latest follow-up first
    expect(behind.findAll('[data-test="follow-up"]').map((f) => f.text())[0]).toContain('约定月底前完成')
  })

  it('sets a target for a unit below: the rate entered in percent goes as 0..1', async () => {
    const { toast } = await import('../../src/console/lib/feedback.js')
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper } = await mountConsole('/union/targets', pinia)
    await wrapper.find('[data-test="target-new"]').trigger('click')
    await settle()
    expect(inBody('[data-test="target-form"]').exists()).toBe(true)
    const children = ofPath(calls, '/api/union/breakdown')[0]
    expect(children.params.get('by')).toBe('CHILD')
    expect(children.params.get('order')).toBe('asc')

    // nothing chosen yet: the form says so and sends nothing
    await inBody('[data-test="target-submit"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/union/targets', 'POST')).toHaveLength(0)
    // Element Plus validates each field on its own: wait for both messages, as a loaded machine shows them apart
    await vi.waitFor(() => {
      expect(inBody('[data-test="target-form"]').text()).toContain('请选择单位')
      expect(inBody('[data-test="target-form"]').text()).toContain('请填写目标值')
    }, { timeout: 5000 })

    select(wrapper, 'target-unit-select').vm.$emit('update:modelValue', 'region:12')
    const value = inBody('[data-test="target-value"] input')
    await value.setValue('35')
    await value.trigger('change')
    await settle()
    await inBody('[data-test="target-submit"]').trigger('click')
    await settle()
    const posts = ofPath(calls, '/api/union/targets', 'POST')
    expect(posts).toHaveLength(1)
    expect(posts[0].body).toMatchObject({ unit: 'region:12', metric: 'PARTICIPATION_RATE', value: 0.35 })
    expect(posts[0].body.startsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(posts[0].body.deadline >= posts[0].body.startsOn).toBe(true)
    expect(toast.success).toHaveBeenCalledWith('目标已下达')
    // the lists are asked for again
    expect(ofPath(calls, '/api/union/targets')).toHaveLength(2)
  })

  it('sends a count as it is, and shows the server’s refusal', async () => {
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => (call.path === '/api/union/targets' && call.method === 'POST'
      ? json(422, { type: 'https://chuangguan.io/problems/validation', status: 422, title: 'Invalid', detail: '截止日期已过', violations: [{ field: 'deadline', message: '截止日期不能早于今天' }] })
      : undefined))
    const { wrapper } = await mountConsole('/union/targets', pinia)
    await wrapper.find('[data-test="target-new"]').trigger('click')
    await settle()
    select(wrapper, 'target-unit-select').vm.$emit('update:modelValue', 'region:13')
    select(wrapper, 'target-metric').vm.$emit('update:modelValue', 'ACTIVE_WORKERS')
    await settle()
    const value = inBody('[data-test="target-value"] input')
    await value.setValue('1200')
    await value.trigger('change')
    await inBody('[data-test="target-submit"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/union/targets', 'POST')[0].body).toMatchObject({ unit: 'region:13', metric: 'ACTIVE_WORKERS', value: 1200 })
    await vi.waitFor(() => expect(inBody('[data-test="target-form"]').text()).toContain('截止日期不能早于今天'))
    expect(inBody('[data-test="target-error"]').text()).toContain('截止日期已过')
  })

  it('deletes a target after asking, and records a follow-up', async () => {
    const { confirmAction } = await import('../../src/console/lib/feedback.js')
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend()
    const { wrapper } = await mountConsole('/union/targets', pinia)
    await wrapper.find('[data-test="targets-set"] [data-test="target-delete"]').trigger('click')
    await settle()
    expect(confirmAction).toHaveBeenCalled()
    expect(ofPath(calls, '/api/union/targets/71', 'DELETE')).toHaveLength(1)

    await wrapper.find('[data-test="supervision"] [data-test="follow-up-open"]').trigger('click')
    await settle()
    await inBody('[data-testid="comment-confirm"]').trigger('click')
    await settle()
    expect(inBody('[data-testid="comment-error"]').text()).toBe('请填写督办情况')
    await inBody('[data-testid="review-comment"]').setValue('已约谈企业工会主席')
    await inBody('[data-testid="comment-confirm"]').trigger('click')
    await settle()
    const followUps = ofPath(calls, '/api/union/targets/73/follow-ups', 'POST')
    expect(followUps.map((c) => c.body)).toEqual([{ note: '已约谈企业工会主席' }])
  })

  it('exports the targets and the supervision list of the unit', async () => {
    const { saveBlob } = await import('../../src/console/lib/download.js')
    const pinia = signedIn(UNION_ADMIN)
    const calls = backend((call) => {
      if (call.path === '/api/union/targets.xlsx') return xlsx('目标.xlsx')
      if (call.path === '/api/union/supervision.xlsx') return xlsx('督办.xlsx')
      return undefined
    })
    const { wrapper } = await mountConsole('/union/targets?unit=region:12', pinia)
    expect(ofPath(calls, '/api/union/targets')[0].params.get('unit')).toBe('region:12')
    await wrapper.find('[data-export="targets"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/union/targets.xlsx')[0].params.get('unit')).toBe('region:12')
    await wrapper.find('[data-export="supervision"]').trigger('click')
    await settle()
    expect(ofPath(calls, '/api/union/supervision.xlsx')[0].params.get('unit')).toBe('region:12')
    expect(saveBlob).toHaveBeenLastCalledWith(expect.any(Blob), '督办.xlsx')
  })
})

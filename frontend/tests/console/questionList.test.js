import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiParams, filtersFromQuery, queryFromFilters } from '../../src/console/lib/listQuery.js'
import { field, json, mockApi, mountConsole, settle, signedIn, summary } from './helpers.js'

vi.mock('../../src/console/lib/download.js', () => ({ saveBlob: vi.fn() }))
vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const page = (items, total = items.length) => json(200, { items, total, page: 0, size: 20 })

describe('the list’s filters', () => {
  it('go from the URL to the API’s query, leaving out what is not set', () => {
    const filters = filtersFromQuery({ trade: '11', status: 'DRAFT', grade: '5', flagged: 'true', q: ' 红色 ', sort: '-facility', page: '2' })
    expect(apiParams(filters)).toEqual({ status: 'DRAFT', grade: 5, q: '红色', flagged: 'true', sort: '-facility', page: 2, size: 20 })
    expect(apiParams(filters, { paging: false })).toEqual({ status: 'DRAFT', grade: 5, q: '红色', flagged: 'true', sort: '-facility' })
    // an unknown sort column or page size is dropped rather than sent
    expect(apiParams(filtersFromQuery({ sort: 'stem', size: '7' }))).toEqual({ page: 0, size: 20 })
    expect(queryFromFilters(filtersFromQuery({ difficulty: '3', page: '0' }), 11)).toEqual({ trade: '11', difficulty: '3' })
  })

  it('are sent as the list’s query string, and a new search starts from the first page', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => (call.path === '/api/trades/11/questions' ? page([summary()], 41) : undefined))
    const { wrapper, router } = await mountConsole(
      '/questions?trade=11&status=DRAFT&grade=5&difficulty=2&type=SINGLE&pool=LEARNING&knowledgePoint=安全规程&flagged=true&sort=-facility&page=2',
      pinia,
    )
    const lists = () => calls.filter((c) => c.path === '/api/trades/11/questions')
    expect(lists()).toHaveLength(1)
    expect(lists()[0].url).toBe('/api/trades/11/questions?' + new URLSearchParams({
      status: 'DRAFT', grade: '5', difficulty: '2', type: 'SINGLE', pool: 'LEARNING', knowledgePoint: '安全规程',
      flagged: 'true', sort: '-facility', page: '2', size: '20',
    }))
    expect(wrapper.find('[data-testid="question-table"]').text()).toContain('STM-101')

    await field(wrapper, 'filter-q').setValue('红色')
    await wrapper.find('[data-testid="filters"]').trigger('submit')
    await settle()
    expect(router.currentRoute.value.query).toMatchObject({ trade: '11', q: '红色', status: 'DRAFT', sort: '-facility' })
    expect(router.currentRoute.value.query.page).toBeUndefined()
    const last = lists().at(-1).params
    expect(last.get('q')).toBe('红色')
    expect(last.get('page')).toBe('0')
    expect(last.get('flagged')).toBe('true')
  })

  it('sorts by a column and shows the statistics and flags of each question', async () => {
    const pinia = signedIn()
    const flaggedRow = summary({ id: 102, ref: 'STM-102', statistics: { shown: 80, facility: 0.97, discrimination: -0.12, flags: ['TOO_EASY', 'NEGATIVE_DISCRIMINATION'] } })
    const calls = mockApi((call) => (call.path === '/api/trades/11/questions' ? page([flaggedRow]) : undefined))
    const { wrapper, router } = await mountConsole('/questions?trade=11', pinia)
    const text = wrapper.find('[data-testid="question-table"]').text()
    expect(text).toContain('97%')
    expect(text).toContain('-0.12')
    expect(text).toContain('过易')
    expect(text).toContain('区分度为负')

    const table = wrapper.findComponent({ name: 'ElTable' })
    table.vm.$emit('sort-change', { prop: 'discrimination', order: 'ascending' })
    await settle()
    expect(router.currentRoute.value.query.sort).toBe('discrimination')
    expect(calls.at(-1).params.get('sort')).toBe('discrimination')
    table.vm.$emit('sort-change', { prop: 'updatedAt', order: 'descending' })
    await settle()
    expect(calls.at(-1).params.get('sort')).toBe('-updatedAt')
  })

  it('submits the selected drafts in one batch and tells which failed', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path === '/api/trades/11/questions') return page([summary(), summary({ id: 103, ref: 'STM-103' })])
      if (call.path === '/api/question-batches/submit') return json(200, { done: [101], failed: [{ id: 103, detail: '只有草稿可以提交审核（第 1 版是审核中）' }] })
      return undefined
    })
    const { wrapper } = await mountConsole('/questions?trade=11', pinia)
    const boxes = wrapper.findAll('[data-testid="question-table"] .el-table__body .el-checkbox input')
    expect(boxes).toHaveLength(2)
    for (const box of boxes) await box.setValue(true)
    await wrapper.find('[data-testid="batch-submit"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.path === '/api/question-batches/submit').body).toEqual({ ids: [101, 103] })
    expect(wrapper.text()).toContain('STM-103：只有草稿可以提交审核（第 1 版是审核中）')
  })

  it('exports the filtered list as Excel or GIFT, saved under the Chinese name the server gives', async () => {
    const { saveBlob } = await import('../../src/console/lib/download.js')
    const pinia = signedIn()
    const file = (type, name) => new Response(new Blob(['x'], { type }), { status: 200, headers: {
      'content-type': type, 'content-disposition': `attachment; filename="questions"; filename*=UTF-8''${encodeURIComponent(name)}` } })
    const calls = mockApi((call) => {
      if (call.path === '/api/trades/11/questions') return page([summary()])
      if (call.path === '/api/trades/11/questions.gift') return file('text/plain;charset=UTF-8', '题目导出.gift.txt')
      if (call.path === '/api/trades/11/questions.xlsx') return file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '题目导出.xlsx')
      return undefined
    })
    const { wrapper } = await mountConsole('/questions?trade=11&status=PUBLISHED&page=2', pinia)
    await wrapper.find('[data-testid="export-gift"]').trigger('click')
    await settle()
    const gift = calls.find((c) => c.path === '/api/trades/11/questions.gift')
    expect(gift.params.get('status')).toBe('PUBLISHED')
    expect(gift.params.get('page')).toBeNull()
    expect(saveBlob).toHaveBeenLastCalledWith(expect.any(Blob), '题目导出.gift.txt')
    await wrapper.find('[data-testid="export"]').trigger('click')
    await settle()
    expect(saveBlob).toHaveBeenLastCalledWith(expect.any(Blob), '题目导出.xlsx')
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { GIFT_TYPE, XLSX_TYPE } from '../../src/console/api.js'
import { json, mockApi, mountConsole, settle, signedIn } from './helpers.js'

vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))
vi.mock('../../src/console/lib/download.js', () => ({ saveBlob: vi.fn() }))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const PREVIEW = {
  rows: [
    { row: 2, ref: 'STM-201', type: 'SINGLE', stem: '安全色中表示禁止的颜色是（ ）。', errors: [], duplicateOf: { id: 101, ref: 'STM-101' } },
    { row: 3, ref: 'STM-202', type: 'MULTIPLE', stem: '常用的脱氧剂有（ ）。', errors: [
      { column: '答案', message: '多选题至少要有两个正确选项' },
      { column: '难度', message: '难度须是 1 到 5' },
    ], duplicateOf: null },
    { row: 4, ref: '', type: 'TRUE_FALSE', stem: '进入煤气区域作业必须携带煤气报警仪。', errors: [], duplicateOf: null },
  ],
  valid: 2,
  invalid: 1,
}

/** Picks a file in the upload's file input, as the browser does after a click or a drop. */
async function pick(wrapper, file) {
  const input = wrapper.find('input[type="file"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await settle()
}

const sheet = (name, content = 'PK-sheet') => new File([content], name, { type: '' })

describe('the import (Excel and GIFT)', () => {
  it('checks the sheet and shows every row with its errors, the duplicates and the counts', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => (call.path === '/api/trades/11/question-imports' ? json(200, PREVIEW) : undefined))
    const { wrapper } = await mountConsole('/import?trade=11', pinia)
    const file = sheet('题目.xlsx')
    await pick(wrapper, file)

    const sent = calls.find((c) => c.path === '/api/trades/11/question-imports')
    expect(sent.method).toBe('POST')
    expect(sent.params.get('commit')).toBe('false')
    expect(sent.body).toBe(file)
    expect(sent.headers['Content-Type']).toBe(XLSX_TYPE)

    const preview = wrapper.find('[data-testid="import-preview"]')
    expect(preview.find('[data-testid="valid-count"]').text()).toBe('有效 2 行')
    expect(preview.find('[data-testid="invalid-count"]').text()).toBe('有问题 1 行')
    const errors = preview.find('ul.errors[data-row="3"]').findAll('li').map((li) => li.text())
    expect(errors).toEqual(['答案：多选题至少要有两个正确选项', '难度：难度须是 1 到 5'])
    expect(preview.find('[data-testid="duplicate"]').text()).toContain('STM-101')
    expect(preview.findAll('.el-table__body tr')).toHaveLength(3)
    expect(wrapper.find('[data-testid="error-report"]').exists()).toBe(true)
  })

  it('replaces the preview with a new file, then imports its valid rows into review', async () => {
    const pinia = signedIn()
    const fixed = { rows: PREVIEW.rows.map((r) => ({ ...r, errors: [] })), valid: 3, invalid: 0 }
    const calls = mockApi((call) => {
      if (call.path !== '/api/trades/11/question-imports') return undefined
      if (call.params.get('commit') === 'true') {
        return json(200, { imported: 3, ids: [301, 302, 303], items: [{ id: 301, ref: 'STM-201', row: 2 }, { id: 302, ref: 'STM-202', row: 3 }, { id: 303, ref: 'Q000303', row: 4 }], invalid: 0 })
      }
      return json(200, call.body.name === '改好的.xlsx' ? fixed : PREVIEW)
    })
    const { wrapper } = await mountConsole('/import?trade=11', pinia)
    await pick(wrapper, sheet('题目.xlsx'))
    expect(wrapper.find('[data-testid="invalid-count"]').text()).toBe('有问题 1 行')

    await pick(wrapper, sheet('改好的.xlsx'))
    expect(wrapper.find('[data-testid="invalid-count"]').text()).toBe('有问题 0 行')
    expect(wrapper.find('[data-testid="valid-count"]').text()).toBe('有效 3 行')
    expect(wrapper.find('ul.errors').exists()).toBe(false)
    expect(wrapper.find('[data-testid="error-report"]').exists()).toBe(false)

    await wrapper.find('[data-testid="import-submit"]').trigger('click')
    await settle()
    const commit = calls.find((c) => c.params.get('commit') === 'true')
    expect(commit.params.get('submit')).toBe('true')
    expect(commit.body.name).toBe('改好的.xlsx')
    const result = wrapper.find('[data-testid="import-result"]')
    expect(result.text()).toContain('已导入 3 道题并提交审核')
    const links = result.findAll('[data-testid="imported-question"]')
    expect(links.map((a) => a.text())).toEqual(['STM-201', 'STM-202', 'Q000303'])
    expect(links[1].attributes('href')).toBe('/console/questions/302?trade=11')
  })

  it('posts the same file for the error report and saves the sheet it gets back', async () => {
    const { saveBlob } = await import('../../src/console/lib/download.js')
    const pinia = signedIn()
    const report = new Blob(['xlsx'], { type: XLSX_TYPE })
    const calls = mockApi((call) => {
      if (call.path === '/api/trades/11/question-imports') return json(200, PREVIEW)
      if (call.path === '/api/trades/11/question-imports/error-report') {
        return new Response(report, { status: 200, headers: { 'content-type': XLSX_TYPE, 'content-disposition': "attachment; filename*=UTF-8''%E9%94%99%E8%AF%AF.xlsx" } })
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/import?trade=11', pinia)
    const file = sheet('题目.xlsx')
    await pick(wrapper, file)
    await wrapper.find('[data-testid="error-report"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.path.endsWith('/error-report')).body).toBe(file)
    expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), '错误.xlsx')
  })

  it('refuses a file that is neither .xlsx nor GIFT before sending it', async () => {
    const pinia = signedIn()
    const calls = mockApi()
    const { wrapper } = await mountConsole('/import?trade=11', pinia)
    await pick(wrapper, sheet('题目.xls'))
    expect(wrapper.find('[data-testid="import-error"]').text()).toContain('.xlsx')
    expect(wrapper.find('[data-testid="import-error"]').text()).toContain('.gift')
    expect(calls.some((c) => c.path.includes('question-imports'))).toBe(false)
  })

  const GIFT = '::STM-301:: 安全色中表示禁止的颜色是（ ）。 {=红色 ~蓝色 ~绿色}\n'
  const GIFT_PREVIEW = {
    rows: [
      { row: 1, ref: 'STM-301', type: 'SINGLE', stem: '安全色中表示禁止的颜色是（ ）。', errors: [], duplicateOf: null },
      { row: 3, ref: 'STM-302', type: 'SINGLE', stem: '缺答案', errors: [{ column: '答案', message: '缺少答案' }], duplicateOf: null },
    ],
    valid: 1,
    invalid: 1,
  }

  it('sends a GIFT file as UTF-8 text to the same endpoint, previews and imports it, with no error report', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path !== '/api/trades/11/question-imports') return undefined
      if (call.params.get('commit') === 'true') return json(200, { imported: 1, ids: [301], items: [{ id: 301, ref: 'STM-301', row: 1 }], invalid: 1 })
      return json(200, GIFT_PREVIEW)
    })
    const { wrapper } = await mountConsole('/import?trade=11', pinia)
    await pick(wrapper, new File([GIFT], 'questions.gift', { type: '' }))

    const sent = calls.find((c) => c.path === '/api/trades/11/question-imports')
    expect(sent.method).toBe('POST')
    expect(sent.params.get('commit')).toBe('false')
    expect(sent.headers['Content-Type']).toBe('text/plain; charset=UTF-8')
    expect(GIFT_TYPE).toBe('text/plain; charset=UTF-8')
    expect(await sent.body.text()).toBe(GIFT)
    expect(wrapper.find('ul.errors[data-row="3"]').text()).toContain('答案：缺少答案')
    expect(wrapper.find('[data-testid="error-report"]').exists()).toBe(false)

    await wrapper.find('[data-testid="import-drafts"]').trigger('click')
    await settle()
    const commit = calls.find((c) => c.params.get('commit') === 'true')
    expect(commit.headers['Content-Type']).toBe('text/plain; charset=UTF-8')
    expect(commit.params.get('submit')).toBe('false')
    expect(await commit.body.text()).toBe(GIFT)
    expect(wrapper.find('[data-testid="import-result"]').text()).toContain('已导入 1 道题（草稿）')
  })

  it('reads a .txt GIFT file saved as GBK and sends it as UTF-8', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => (call.path === '/api/trades/11/question-imports' ? json(200, GIFT_PREVIEW) : undefined))
    const { wrapper } = await mountConsole('/import?trade=11', pinia)
    // "红色" in GBK: BA EC C9 AB (not valid UTF-8)
    const gbk = new Uint8Array([0x3a, 0x3a, 0x41, 0x3a, 0x3a, 0xba, 0xec, 0xc9, 0xab, 0x20, 0x7b, 0x54, 0x7d])
    await pick(wrapper, new File([gbk], '题目.txt', { type: 'text/plain' }))
    const sent = calls.find((c) => c.path === '/api/trades/11/question-imports')
    expect(sent.headers['Content-Type']).toBe('text/plain; charset=UTF-8')
    expect(await sent.body.text()).toBe('::A::红色 {T}')
  })
})

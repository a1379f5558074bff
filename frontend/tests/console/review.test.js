import { afterEach, describe, expect, it, vi } from 'vitest'
import { isEditor } from '../../src/console/lib/review.js'
import { json, mockApi, mountConsole, settle, signedIn, summary, version } from './helpers.js'

vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

// the signed-in trainer is account 7 (helpers.TRAINER); STM-201 was written by 8 and edited by 7
const mine = summary({ id: 201, ref: 'STM-201', status: 'IN_REVIEW', author: { id: 8, name: '王老师' }, editors: [8, 7] })
const theirs = summary({ id: 202, ref: 'STM-202', status: 'IN_REVIEW', author: { id: 8, name: '王老师' }, editors: [8] })

describe('the review queue', () => {
  it('lists the trade’s questions in review and will not let the caller approve one they edited', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path === '/api/trades/11/questions') return json(200, { items: [mine, theirs], total: 2, page: 0, size: 50 })
      if (call.path === '/api/question-batches/review') return json(200, { done: call.body.ids, failed: [] })
      return undefined
    })
    const { wrapper } = await mountConsole('/review?trade=11', pinia)
    expect(calls.find((c) => c.path === '/api/trades/11/questions').params.get('status')).toBe('IN_REVIEW')

    const rows = wrapper.findAll('[data-testid="review-table"] .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('本人编写或修改，不能审核')
    expect(rows[0].find('.el-checkbox').classes()).toContain('is-disabled')
    expect(rows[1].find('.el-checkbox').classes()).not.toContain('is-disabled')
    expect(wrapper.text()).toContain('其中 1 道由您编写或修改')

    // "select all" (debounced by the table) takes only the selectable row
    await wrapper.find('[data-testid="review-table"] .el-table__header .el-checkbox input').setValue(true)
    await new Promise((r) => setTimeout(r, 30))
    await wrapper.find('[data-testid="batch-approve"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.path === '/api/question-batches/review').body).toEqual({ ids: [202], decision: 'APPROVE', comment: null })
  })

  it('returns only with a comment', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path === '/api/trades/11/questions') return json(200, { items: [theirs], total: 1, page: 0, size: 50 })
      if (call.path === '/api/question-batches/review') return json(200, { done: [], failed: [{ id: 202, detail: '第 1 版不在审核中（草稿）' }] })
      return undefined
    })
    const { wrapper } = await mountConsole('/review?trade=11', pinia)
    await wrapper.find('[data-testid="review-table"] .el-table__body .el-checkbox input').setValue(true)
    await wrapper.find('[data-testid="batch-return"]').trigger('click')
    await settle()
    const confirm = document.body.querySelector('[data-testid="comment-confirm"]')
    confirm.click()
    await settle()
    expect(document.body.querySelector('[data-testid="comment-error"]').textContent).toBe('退回时请写明原因')
    expect(calls.some((c) => c.path === '/api/question-batches/review')).toBe(false)

    const textarea = document.body.querySelector('textarea[data-testid="review-comment"], [data-testid="review-comment"] textarea')
    textarea.value = '选项 C 与 D 意思相同'
    textarea.dispatchEvent(new Event('input'))
    confirm.click()
    await settle()
    expect(calls.find((c) => c.path === '/api/question-batches/review').body).toEqual({ ids: [202], decision: 'RETURN', comment: '选项 C 与 D 意思相同' })
    expect(wrapper.find('[data-testid="review-failures"]').text()).toContain('STM-202：第 1 版不在审核中（草稿）')
  })
})

describe('the four-eyes rule on a question’s page', () => {
  const detail = (v) => ({ id: 301, ref: 'STM-301', tradeId: 11, pool: 'LEARNING', versions: [v], duplicates: [], statistics: [] })

  it('counts the version’s editors (author, importer, whoever edited it) as its writers', () => {
    expect(isEditor(version({ author: { id: 8 }, editors: [8, 7] }), 7)).toBe(true)
    expect(isEditor(version({ author: { id: 8 }, editors: [8] }), 7)).toBe(false)
    expect(isEditor(version({ author: { id: 7 }, editors: undefined }), 7)).toBe(true)
    expect(isEditor(null, 7)).toBe(false)
  })

  it('disables 通过 and 退回 with the reason when the caller edited the version in review', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path === '/api/questions/301') {
        return json(200, detail(version({ id: 3001, status: 'IN_REVIEW', author: { id: 8, name: '王老师' }, editors: [8, 7] })))
      }
      // the audit trail is shown, not read for the rule
      if (call.path === '/api/questions/301/audit') return json(200, [])
      return undefined
    })
    const { wrapper } = await mountConsole('/questions/301?trade=11', pinia)
    expect(wrapper.find('[data-testid="approve"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid="return"]').attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('这一版由您编写或修改，须由另一位培训师审核')
    await wrapper.find('[data-testid="approve"]').trigger('click')
    await settle()
    expect(calls.some((c) => c.path.endsWith('/review'))).toBe(false)
  })

  it('lets another trainer approve', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path === '/api/questions/301' || call.path === '/api/questions/301/review') {
        const status = call.path.endsWith('/review') ? 'PUBLISHED' : 'IN_REVIEW'
        return json(200, detail(version({ id: 3001, status, author: { id: 8, name: '王老师' }, editors: [8] })))
      }
      if (call.path === '/api/questions/301/audit') return json(200, [])
      return undefined
    })
    const { wrapper } = await mountConsole('/questions/301?trade=11', pinia)
    await wrapper.find('[data-testid="approve"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.path === '/api/questions/301/review').body).toEqual({ decision: 'APPROVE', comment: null })
    expect(wrapper.find('[data-testid="retire"]').exists()).toBe(true)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { addOption, changeType, emptyDraft, removeOption, toRequest, validateDraft } from '../../src/console/lib/draft.js'
import { field, json, mockApi, mountConsole, settle, signedIn, version } from './helpers.js'

vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** Element Plus shows a form item's error 100 ms after it is set. */
async function formErrorsShown() {
  await settle()
  await new Promise((r) => setTimeout(r, 150))
}

function draft(overrides = {}) {
  return {
    ...emptyDraft('SINGLE'),
    stem: '安全色中表示禁止的颜色是（ ）。',
    options: ['蓝色', '绿色', '黄色', '红色'].map((text, i) => ({ key: 'ABCD'[i], text })),
    correctKeys: ['D'], grade: 5, difficulty: 2,
    ...overrides,
  }
}
const check = (d) => validateDraft(toRequest(d, { create: true }))

describe('the editor’s checks, as the server makes them', () => {
  it('accepts a complete single-answer question', () => {
    expect(check(draft())).toEqual({})
  })

  it('wants exactly one key for SINGLE and TRUE_FALSE, two or more for MULTIPLE', () => {
    expect(check(draft({ correctKeys: [] })).correctKeys).toBe('缺少答案')
    expect(check(draft({ correctKeys: ['A', 'D'] })).correctKeys).toBe('单选题只能有一个答案')
    expect(check(draft({ type: 'MULTIPLE', correctKeys: ['A'] })).correctKeys).toBe('多选题至少要有两个正确选项')
    expect(check(draft({ type: 'MULTIPLE', correctKeys: ['A', 'C'] }))).toEqual({})
    const tf = changeType(draft({ correctKeys: [] }), 'TRUE_FALSE')
    expect(tf.options).toEqual([{ key: 'A', text: '正确' }, { key: 'B', text: '错误' }])
    expect(check({ ...tf, correctKeys: ['A', 'B'] }).correctKeys).toBe('判断题只能有一个答案')
    expect(check({ ...tf, correctKeys: ['B'] })).toEqual({})
    expect(check(draft({ correctKeys: ['E'] })).correctKeys).toBe('答案 E 不在选项中')
  })

  it('wants 2 to 8 options, none empty or repeated', () => {
    const one = draft({ options: [{ key: 'A', text: '红色' }], correctKeys: ['A'] })
    expect(check(one).options).toBe('选项须有 2 到 8 个')
    const nine = draft({ options: 'ABCDEFGHI'.split('').map((k) => ({ key: k, text: '选项' + k })) })
    expect(check(nine).options).toBe('选项须有 2 到 8 个')
    const eight = draft({ options: 'ABCDEFGH'.split('').map((k) => ({ key: k, text: '选项' + k })) })
    expect(check(eight).options).toBeUndefined()
    expect(addOption(eight).options).toHaveLength(8)
    const gaps = draft({ options: [{ key: 'A', text: '红色' }, { key: 'B', text: '  ' }, { key: 'C', text: '红色' }], correctKeys: ['A'] })
    expect(check(gaps)).toMatchObject({ 'options[1]': '选项B为空', 'options[2]': '选项C与前面的选项相同' })
  })

  it('moves the correct keys up when an option above them is removed', () => {
    const d = draft({ type: 'MULTIPLE', correctKeys: ['A', 'C', 'D'] })
    const after = removeOption(d, 1)
    expect(after.options.map((o) => `${o.key}${o.text}`)).toEqual(['A蓝色', 'B黄色', 'C红色'])
    expect(after.correctKeys).toEqual(['A', 'B', 'C'])
    expect(removeOption(d, 0).correctKeys).toEqual(['B', 'C'])
  })

  it('checks lengths, difficulty, grade and the number of knowledge points', () => {
    expect(check(draft({ stem: '题'.repeat(2001) })).stem).toBe('题干超过 2000 个字')
    expect(check(draft({ stem: '   ' })).stem).toBe('缺少题干')
    expect(check(draft({ grade: null })).grade).toBe('请选择等级')
    expect(check(draft({ difficulty: 6 })).difficulty).toBe('请选择难度（1 到 5）')
    expect(check(draft({ ref: 'STM 1' })).ref).toContain('编号只能由')
    expect(check(draft({ knowledgePoints: Array.from({ length: 11 }, (_, i) => `点${i}`) })).knowledgePoints).toBe('知识点最多 10 个')
  })
})

describe('the editor page', () => {
  async function openNew(handler) {
    const pinia = signedIn()
    const calls = mockApi(handler)
    const { wrapper } = await mountConsole('/questions/new?trade=11', pinia)
    return { wrapper, calls }
  }

  it('shows the problems at their fields and sends nothing while the draft is wrong', async () => {
    const { wrapper, calls } = await openNew()
    await wrapper.find('[data-testid="type"] [data-type="MULTIPLE"] input').setValue(true)
    await field(wrapper, 'stem').setValue('常用的脱氧剂有（ ）。')
    const inputs = wrapper.findAll('[data-testid="options"] input')
    for (const [i, text] of ['萤石', '硅铁', '锰铁', '铝'].entries()) await inputs[i].setValue(text)
    await wrapper.findAll('[data-testid="answer"] input')[1].setValue(true)
    await wrapper.find('[data-testid="save"]').trigger('click')
    await formErrorsShown()
    const form = wrapper.find('[data-testid="editor"]').text()
    expect(form).toContain('多选题至少要有两个正确选项')
    expect(form).toContain('请选择等级')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
  })

  it('keeps 2 to 8 options with the buttons', async () => {
    const { wrapper } = await openNew()
    const add = wrapper.find('[data-testid="add-option"]')
    for (let i = 0; i < 4; i++) await add.trigger('click')
    expect(wrapper.findAll('[data-testid="options"] .option-row')).toHaveLength(8)
    expect(add.attributes('disabled')).toBeDefined()
    for (let i = 0; i < 6; i++) await wrapper.findAll('[data-testid="remove-option"]')[0].trigger('click')
    expect(wrapper.findAll('[data-testid="options"] .option-row').map((r) => r.attributes('data-key'))).toEqual(['A', 'B'])
    expect(wrapper.findAll('[data-testid="remove-option"]').every((b) => b.attributes('disabled') !== undefined)).toBe(true)
  })

  it('creates new knowledge points first, saves, shows the server’s violations at the field and warns of duplicates', async () => {
    let attempt = 0
    const { wrapper, calls } = await openNew((call) => {
      if (call.path === '/api/trades/11/knowledge-points' && call.method === 'POST') return json(201, { id: 5, name: call.body.name, questions: 0 })
      if (call.path === '/api/trades/11/questions' && call.method === 'POST') {
        attempt++
        if (attempt === 1) {
          return json(422, { type: 'https://chuangguan.io/problems/unprocessable', status: 422, detail: 'The question has invalid fields',
            violations: [{ field: 'options[3]', message: '选项D超过 500 个字' }] })
        }
        return json(201, { id: 120, ref: 'STM-120', tradeId: 11, pool: 'LEARNING', versions: [version({ id: 1200 })],
          duplicates: [{ id: 101, ref: 'STM-101', stem: '安全色中表示禁止的颜色是（ ）。' }], statistics: [] })
      }
      return undefined
    })
    await field(wrapper, 'stem').setValue('安全色中表示禁止的颜色是（ ）。')
    const inputs = wrapper.findAll('[data-testid="options"] input')
    for (const [i, text] of ['蓝色', '绿色', '黄色', '红色'].entries()) await inputs[i].setValue(text)
    await wrapper.findAll('[data-testid="answer"] input')[3].setValue(true)
    // the selects' dropdowns open in a popper: choose as they would, through their v-model
    const select = (testid) => wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === testid)
    select('grade').vm.$emit('update:modelValue', 5)
    select('points').vm.$emit('update:modelValue', ['安全色'])
    await settle()
    await wrapper.find('[data-testid="save"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.path === '/api/trades/11/knowledge-points' && c.method === 'POST').body).toEqual({ name: '安全色' })
    expect(wrapper.find('[data-testid="option-error"]').text()).toBe('选项D超过 500 个字')

    await wrapper.find('[data-testid="save"]').trigger('click')
    await settle()
    const sent = calls.filter((c) => c.path === '/api/trades/11/questions' && c.method === 'POST').at(-1).body
    expect(sent).toMatchObject({ pool: 'LEARNING', type: 'SINGLE', correctKeys: ['D'], grade: 5, knowledgePoints: ['安全色'], ref: null })
    expect(wrapper.find('[data-testid="saved-duplicates"]').text()).toContain('STM-101')
  })

  it('creates a new question straight into review with ?submit=true, in one call', async () => {
    const { wrapper, calls } = await openNew((call) => {
      if (call.path === '/api/trades/11/questions' && call.method === 'POST') {
        // with a duplicate the editor stays (else it opens the question's page)
        return json(201, { id: 121, ref: 'STM-121', tradeId: 11, pool: 'LEARNING', versions: [version({ id: 1210, status: 'IN_REVIEW' })],
          duplicates: [{ id: 101, ref: 'STM-101', stem: '安全色中表示禁止的颜色是（ ）。' }], statistics: [] })
      }
      return undefined
    })
    await field(wrapper, 'stem').setValue('安全色中表示禁止的颜色是（ ）。')
    const inputs = wrapper.findAll('[data-testid="options"] input')
    for (const [i, text] of ['蓝色', '绿色', '黄色', '红色'].entries()) await inputs[i].setValue(text)
    await wrapper.findAll('[data-testid="answer"] input')[3].setValue(true)
    wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === 'grade').vm.$emit('update:modelValue', 5)
    await settle()
    await wrapper.find('[data-testid="save-submit"]').trigger('click')
    await settle()
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.map((c) => c.url)).toEqual(['/api/trades/11/questions?submit=true'])
    const { toast } = await import('../../src/console/lib/feedback.js')
    expect(toast.warning).toHaveBeenCalledWith('已保存并提交审核，但有题干相同的题目')
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  acceptedAnswers, changeType, countBlanks, emptyDraft, insertBlank, syncBlanks, toRequest, validateDraft,
} from '../../src/console/lib/draft.js'
import { versionDiff } from '../../src/console/lib/versionDiff.js'
import { field, json, mockApi, mountConsole, settle, signedIn, version } from './helpers.js'

vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function fillDraft(stem, answers, overrides = {}) {
  return syncBlanks({
    ...emptyDraft('FILL_BLANK'), stem, grade: 5, difficulty: 2,
    options: answers.map((text, i) => ({ key: 'ABCDEFGH'[i], text })),
    ...overrides,
  })
}
const check = (d) => validateDraft(toRequest(d, { create: true }))

describe('a fill-in draft', () => {
  it('counts a blank as three or more underscores, full-width ones too, as the server does', () => {
    expect(countBlanks('钢中含___量越高，______越大，＿＿＿也是')).toBe(3)
    expect(countBlanks('a__b')).toBe(0)
    expect(countBlanks('')).toBe(0)
  })

  it('reads the accepted answers of a blank at | and ｜, trimmed, without empty or repeated ones', () => {
    expect(acceptedAnswers(' 碳 | C ｜|碳')).toEqual(['碳', 'C'])
    expect(acceptedAnswers('  ')).toEqual([])
  })

  it('sends each blank’s answers as "碳|C" and all its keys as correct', () => {
    const d = fillDraft('钢中含___量越高，硬度越___。', [' 碳 | C |', '高'], { correctKeys: ['B'] })
    expect(check(d)).toEqual({})
    const body = toRequest(d, { create: true })
    expect(body).toMatchObject({
      type: 'FILL_BLANK',
      options: [{ key: 'A', text: '碳|C' }, { key: 'B', text: '高' }],
      correctKeys: ['A', 'B'],
    })
  })

  it('wants 1 to 8 blanks in the stem, one set of answers each, none empty', () => {
    expect(check(fillDraft('没有空的题干', [])).stem).toBe('填空题的题干须用 ___（三个或更多下划线）标出 1 到 8 个空')
    const nine = fillDraft('___，'.repeat(9), 'x'.repeat(9).split(''))
    expect(check(nine).stem).toContain('1 到 8 个空')
    // an answer kept for a blank deleted from the stem: the mismatch is reported, the answer not thrown away
    const spare = syncBlanks({ ...fillDraft('___和___', ['碳', '氧']), stem: '___和' })
    expect(spare.options.map((o) => o.text)).toEqual(['碳', '氧'])
    expect(check(spare).options).toBe('题干有 1 个空，却给了 2 组答案')
    expect(check(fillDraft('___和___', ['碳', ' | ']))).toEqual({ 'options[1]': '第 2 个空没有答案' })
    expect(check(fillDraft('___', ['碳'.repeat(501)]))['options[0]']).toBe('第 1 个空的答案超过 500 个字')
  })

  it('follows the stem: empty rows come and go with the blanks', () => {
    const d = fillDraft('___', ['碳'])
    expect(syncBlanks({ ...d, stem: '___，___，___' }).options.map((o) => `${o.key}${o.text}`)).toEqual(['A碳', 'B', 'C'])
    expect(syncBlanks({ ...fillDraft('___，___', ['碳', '']), stem: '___' }).options).toHaveLength(1)
  })

  it('inserts a blank at the cursor with an empty answer row at its place', () => {
    const d = fillDraft('___和___', ['碳', '氧'])
    const between = insertBlank(d, 4)
    expect(between.draft.stem).toBe('___和___ ___')
    expect(between.draft.options.map((o) => `${o.key}${o.text}`)).toEqual(['A碳', 'B', 'C氧'])
    expect(between.cursor).toBe(8)
    // right after a blank: a space keeps the two apart, else the server would see one long blank
    const after = insertBlank(d, 3)
    expect(after.draft.stem).toBe('___ ___和___')
    expect(after.draft.options.map((o) => `${o.key}${o.text}`)).toEqual(['A碳', 'B', 'C氧'])
    expect(countBlanks(after.draft.stem)).toBe(3)
    expect(insertBlank(emptyDraft('FILL_BLANK'), undefined)).toMatchObject({ draft: { stem: '___', options: [{ key: 'A', text: '' }] }, cursor: 3 })
    // inside a blank's underscores: the blank stays whole, the new one goes after it
    const inside = insertBlank(d, 1)
    expect(inside.draft.stem).toBe('___ ___和___')
    expect(inside.draft.options.map((o) => `${o.key}${o.text}`)).toEqual(['A碳', 'B', 'C氧'])
  })

  it('starts the options afresh when the type changes to or from fill-in', () => {
    const single = { ...emptyDraft('SINGLE'), stem: '碳的符号是___', options: [{ key: 'A', text: 'C' }, { key: 'B', text: 'O' }], correctKeys: ['A'] }
    const fill = changeType(single, 'FILL_BLANK')
    expect(fill.options).toEqual([{ key: 'A', text: '' }])
    expect(fill.correctKeys).toEqual([])
    const back = changeType({ ...fill, options: [{ key: 'A', text: 'C' }] }, 'MULTIPLE')
    expect(back.options.map((o) => o.text)).toEqual(['', '', '', ''])
  })

  it('names the blanks in the diff of two versions', () => {
    const v1 = version({ type: 'FILL_BLANK', stem: '钢中含___量', options: [{ key: 'A', text: '碳' }], correctKeys: ['A'] })
    const v2 = version({ ...v1, id: 1002, version: 2, options: [{ key: 'A', text: '碳|C' }] })
    const rows = versionDiff(v1, v2)
    expect(rows.find((r) => r.field === 'options.A')).toMatchObject({ label: '第 1 空答案', changed: true })
    expect(rows.find((r) => r.field === 'type').after).toBe('填空题')
  })
})

describe('the editor with a fill-in question', () => {
  it('keeps a row of accepted answers per blank and saves them as the server wants', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path === '/api/trades/11/questions' && call.method === 'POST') {
        return json(201, { id: 130, ref: 'STM-130', tradeId: 11, pool: 'LEARNING', statistics: [], weeks: [],
          versions: [version({ id: 1300, type: 'FILL_BLANK', stem: call.body.stem, options: call.body.options, correctKeys: ['A', 'B'] })],
          duplicates: [{ id: 9, ref: 'STM-9', stem: call.body.stem }] })
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/questions/new?trade=11', pinia)
    await wrapper.find('[data-testid="type"] [data-type="FILL_BLANK"] input').setValue(true)
    expect(wrapper.find('[data-testid="answer"]').exists()).toBe(false)
    await field(wrapper, 'stem').setValue('钢中含___量越高，硬度越___。')
    await settle()
    let rows = wrapper.findAll('[data-testid="blanks"] .blank-row')
    expect(rows.map((r) => r.find('.blank-label').text())).toEqual(['第 1 空', '第 2 空'])
    expect(wrapper.find('[data-testid="blank-count"]').text()).toBe('题干中有 2 个空')

    // the stem's cursor was at its end: 插入空位 adds a third blank and row there
    const stem = field(wrapper, 'stem')
    stem.element.setSelectionRange(stem.element.value.length, stem.element.value.length)
    await stem.trigger('blur')
    await wrapper.find('[data-testid="insert-blank"]').trigger('click')
    await settle()
    expect(stem.element.value).toBe('钢中含___量越高，硬度越___。___')
    rows = wrapper.findAll('[data-testid="blanks"] .blank-row')
    expect(rows).toHaveLength(3)
    await stem.setValue('钢中含___量越高，硬度越___。')
    await settle()

    const answers = wrapper.findAll('[data-testid="blanks"] input')
    await answers[0].setValue('碳|C')
    await answers[1].setValue('高')
    expect(wrapper.findAll('[data-testid="blanks"] .blank-row')[0].findAll('.el-tag').map((t) => t.text())).toEqual(['碳', 'C'])
    // the phone preview has a text box per blank, and the accepted answers with 显示答案
    const preview = wrapper.find('[data-testid="phone-preview"]')
    expect(preview.findAll('input.blank-input')).toHaveLength(2)
    expect(preview.find('.options').exists()).toBe(false)

    wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === 'grade').vm.$emit('update:modelValue', 5)
    await settle()
    await wrapper.find('[data-testid="save"]').trigger('click')
    await settle()
    const sent = calls.find((c) => c.path === '/api/trades/11/questions' && c.method === 'POST').body
    expect(sent).toMatchObject({
      type: 'FILL_BLANK', stem: '钢中含___量越高，硬度越___。',
      options: [{ key: 'A', text: '碳|C' }, { key: 'B', text: '高' }], correctKeys: ['A', 'B'],
    })
  })

  it('says which blank has no answer before sending anything', async () => {
    const pinia = signedIn()
    const calls = mockApi()
    const { wrapper } = await mountConsole('/questions/new?trade=11', pinia)
    await wrapper.find('[data-testid="type"] [data-type="FILL_BLANK"] input').setValue(true)
    await field(wrapper, 'stem').setValue('钢中含___量越高，硬度越___。')
    await settle()
    await wrapper.findAll('[data-testid="blanks"] input')[0].setValue('碳')
    await wrapper.find('[data-testid="save"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="option-error"]').text()).toBe('第 2 个空没有答案')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
  })
})

describe('a fill-in question’s page', () => {
  it('shows each blank’s accepted answers', async () => {
    const pinia = signedIn()
    mockApi((call) => {
      if (call.path === '/api/questions/130') {
        return json(200, { id: 130, ref: 'STM-130', tradeId: 11, pool: 'LEARNING', duplicates: [], statistics: [], weeks: [],
          versions: [version({ id: 1300, type: 'FILL_BLANK', stem: '钢中含___量越高，硬度越___。',
            options: [{ key: 'A', text: '碳|C' }, { key: 'B', text: '高' }], correctKeys: ['A', 'B'] })] })
      }
      if (call.path === '/api/questions/130/audit') return json(200, [])
      return undefined
    })
    const { wrapper } = await mountConsole('/questions/130?trade=11', pinia)
    const blanks = wrapper.find('[data-testid="content-blanks"]').text()
    expect(blanks).toContain('第 1 空')
    expect(blanks).toContain('碳')
    expect(blanks).toContain('C')
    expect(wrapper.text()).toContain('第 1 空：碳 或 C；第 2 空：高')
    expect(wrapper.findAll('[data-testid="phone-preview"] input.blank-input')).toHaveLength(2)
  })
})

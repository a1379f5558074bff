import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { textParts, versionDiff } from '../../src/console/lib/versionDiff.js'
import VersionDiff from '../../src/console/components/VersionDiff.vue'
import { GRADES, version } from './helpers.js'

const v1 = version({ version: 1 })
const v2 = version({
  id: 1002,
  version: 2,
  stem: '安全色中表示禁止、停止的颜色是（ ）。',
  options: [...v1.options, { key: 'E', text: '白色' }],
  correctKeys: ['D'],
  explanation: '红色表示禁止、停止。',
  difficulty: 3,
  grade: 4,
  knowledgePoints: ['安全色'],
})

const row = (rows, field) => rows.find((r) => r.field === field)
const shown = (parts) => parts.map((p) => (p.change === 'added' ? `[+${p.text}]` : p.change === 'removed' ? `[-${p.text}]` : p.text)).join('')

describe('the diff of two versions', () => {
  it('marks the changed characters of a text', () => {
    expect(shown(textParts('表示禁止的颜色', '表示禁止、停止的颜色'))).toBe('表示禁止[+、停止]的颜色')
    expect(shown(textParts('红色', ''))).toBe('[-红色]')
  })

  it('compares field by field: stem, each option, answer, explanation, difficulty, grade, knowledge points', () => {
    const rows = versionDiff(v1, v2, GRADES)
    expect(rows.map((r) => r.field)).toEqual([
      'type', 'stem', 'options.A', 'options.B', 'options.C', 'options.D', 'options.E', 'correctKeys', 'explanation',
      'difficulty', 'grade', 'knowledgePoints',
    ])
    expect(rows.filter((r) => r.changed).map((r) => r.field)).toEqual(['stem', 'options.E', 'difficulty', 'grade', 'knowledgePoints'])
    expect(shown(row(rows, 'stem').parts)).toBe('安全色中表示禁止[+、停止]的颜色是（ ）。')
    expect(row(rows, 'options.E')).toMatchObject({ note: '新增', changed: true })
    expect(row(rows, 'difficulty')).toMatchObject({ before: '2 较易', after: '3 中等' })
    expect(row(rows, 'grade')).toMatchObject({ before: '五级 · 初级工', after: '四级 · 中级工' })
    expect(row(rows, 'knowledgePoints').items).toEqual([{ name: '安全规程', change: 'removed' }, { name: '安全色', change: 'added' }])
  })

  it('shows a changed answer and a removed option', () => {
    const v3 = version({ version: 3, options: v1.options.slice(0, 3), correctKeys: ['C'] })
    const rows = versionDiff(v1, v3, GRADES)
    expect(row(rows, 'options.D')).toMatchObject({ note: '删除', changed: true })
    expect(row(rows, 'correctKeys')).toMatchObject({ before: 'D', after: 'C', changed: true })
  })

  it('renders the changes with <ins> and <del>, only the changed fields by default', () => {
    const wrapper = mount(VersionDiff, { props: { older: v1, newer: v2, grades: GRADES } })
    expect(wrapper.text()).toContain('第 1 版 → 第 2 版')
    expect(wrapper.findAll('tr').map((tr) => tr.attributes('data-field'))).toEqual(['stem', 'options.E', 'difficulty', 'grade', 'knowledgePoints'])
    const stem = wrapper.find('tr[data-field="stem"]')
    expect(stem.find('ins').text()).toBe('、停止')
    expect(wrapper.find('tr[data-field="knowledgePoints"] del').text()).toBe('安全规程')
    expect(wrapper.find('tr[data-field="knowledgePoints"] ins').text()).toBe('+安全色')
  })
})

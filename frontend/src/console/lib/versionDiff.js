import { diffChars } from 'diff'
import { DIFFICULTIES, TYPES, gradeName } from '../labels.js'

/**
 * A text's change as parts: { text, change: 'same' | 'added' | 'removed' }. Character by character: Chinese has no
 * spaces between words, so a word diff would mark whole sentences.
 */
export function textParts(before, after) {
  return diffChars(before ?? '', after ?? '').map((p) => ({
    text: p.value,
    change: p.added ? 'added' : p.removed ? 'removed' : 'same',
  }))
}

/**
 * What changed from version `older` to version `newer`, field by field in the order a reviewer reads a question:
 * 题型, 题干, each option (each blank's accepted answers), 答案, 解析, 难度, 等级, 知识点. Rows are
 *   { field, label, changed, kind: 'text', parts }            texts (an option added or removed has a `note`)
 *   { field, label, changed, kind: 'value', before, after }   single values
 *   { field, label, changed, kind: 'list', items: [{ name, change }] }   knowledge points
 */
export function versionDiff(older, newer, grades = []) {
  const rows = []
  const value = (field, label, show) => {
    const before = show(older)
    const after = show(newer)
    rows.push({ field, label, kind: 'value', before, after, changed: before !== after })
  }
  const text = (field, label, before, after, note = '') => {
    rows.push({ field, label, kind: 'text', parts: textParts(before, after), changed: (before ?? '') !== (after ?? ''), note })
  }

  value('type', '题型', (v) => TYPES[v.type] ?? v.type)
  text('stem', '题干', older.stem, newer.stem)
  const oldOptions = new Map((older.options ?? []).map((o) => [o.key, o.text]))
  const newOptions = new Map((newer.options ?? []).map((o) => [o.key, o.text]))
  for (const key of [...new Set([...oldOptions.keys(), ...newOptions.keys()])].sort()) {
    const note = !oldOptions.has(key) ? '新增' : !newOptions.has(key) ? '删除' : ''
    // a fill-in question's options are its blanks' accepted answers ("碳|C"): named by the blank of the version that has it
    const fill = (newOptions.has(key) ? newer : older).type === 'FILL_BLANK'
    const label = fill ? `第 ${key.charCodeAt(0) - 64} 空答案` : `选项 ${key}`
    text(`options.${key}`, label, oldOptions.get(key), newOptions.get(key), note)
  }
  // a fill-in question's keys are all its blanks: the answers are in the rows above
  value('correctKeys', '答案', (v) => (v.type === 'FILL_BLANK' ? '每个空都填对' : [...(v.correctKeys ?? [])].sort().join('、')))
  text('explanation', '解析', older.explanation, newer.explanation)
  value('difficulty', '难度', (v) => DIFFICULTIES[v.difficulty] ?? String(v.difficulty ?? ''))
  value('grade', '等级', (v) => gradeName(grades, v.grade))

  const before = new Set(older.knowledgePoints ?? [])
  const after = new Set(newer.knowledgePoints ?? [])
  const items = [...new Set([...before, ...after])].map((name) => ({
    name,
    change: !before.has(name) ? 'added' : !after.has(name) ? 'removed' : 'same',
  }))
  rows.push({ field: 'knowledgePoints', label: '知识点', kind: 'list', items, changed: items.some((i) => i.change !== 'same') })
  return rows
}

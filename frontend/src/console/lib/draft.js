/**
 * A question draft as the editor holds it, and the checks the server makes (QuestionDraft.violations on the
 * backend) with the same Chinese messages, so that the trainer learns of a mistake at the field before saving.
 */

export const MAX_OPTIONS = 8
export const MIN_OPTIONS = 2
export const MAX_STEM = 2000
export const MAX_OPTION = 500
export const MAX_EXPLANATION = 2000
export const MAX_POINTS = 10
export const TRUE_TEXT = '正确'
export const FALSE_TEXT = '错误'
const REF = /^[A-Za-z0-9_-]{1,32}$/

/** A, B, … for the options in order. */
export const optionKey = (index) => String.fromCharCode(65 + index)

/** A blank in a FILL_BLANK stem, as the server finds it (QuestionDraft.BLANK): three or more underscores, full-width too. */
const BLANK = /[_＿]{3,}/g
/** What the "插入空位" button writes. */
export const BLANK_MARK = '___'

export function countBlanks(stem) {
  return (stem ?? '').match(BLANK)?.length ?? 0
}

/** A blank's accepted answers from its text: split at | (or ｜), trimmed, without empty or repeated ones. */
export function acceptedAnswers(text) {
  return [...new Set((text ?? '').split(/[|｜]/).map((a) => a.trim()).filter(Boolean))]
}

/**
 * A FILL_BLANK draft with one answer row per blank of its stem. Rows past the blanks are dropped only while empty:
 * deleting a ___ by mistake must not throw away the answers typed for it (the check then reports the mismatch).
 */
export function syncBlanks(draft) {
  const blanks = countBlanks(draft.stem)
  let length = blanks
  draft.options.forEach((o, i) => {
    if (i >= blanks && (o.text ?? '').trim()) length = i + 1
  })
  if (length === draft.options.length) return draft
  const options = Array.from({ length }, (_, i) => ({ key: optionKey(i), text: draft.options[i]?.text ?? '' }))
  return { ...draft, options }
}

/**
 * The draft with a blank inserted into the stem at `position` (the cursor; the end when unknown) and an empty answer
 * row at the blank's place among the others, so the answers already typed stay with their blanks. Returns the draft
 * and the cursor after the blank.
 */
export function insertBlank(draft, position) {
  const stem = draft.stem ?? ''
  let at = Number.isInteger(position) && position >= 0 && position <= stem.length ? position : stem.length
  // right against another blank's underscores the two would read as one blank: a space keeps them apart
  const underscore = /[_＿]/
  // a cursor inside a blank's underscores would split it: the new blank goes after it
  while (at < stem.length && underscore.test(stem[at]) && underscore.test(stem[at - 1] ?? '')) at++
  const mark = (underscore.test(stem[at - 1] ?? '') ? ' ' : '') + BLANK_MARK + (underscore.test(stem[at] ?? '') ? ' ' : '')
  const index = countBlanks(stem.slice(0, at))
  const options = [...draft.options]
  options.splice(Math.min(index, options.length), 0, { key: '', text: '' })
  const next = { ...draft, stem: stem.slice(0, at) + mark + stem.slice(at), options: options.map((o, i) => ({ ...o, key: optionKey(i) })) }
  return { draft: syncBlanks(next), cursor: at + mark.length }
}

/** Whether a FILL_BLANK's answer row `index` has no blank in the stem any more (kept for its typed answers). */
export const isSpareBlankRow = (draft, index) => index >= countBlanks(draft.stem)

export function trueFalseOptions() {
  return [{ key: 'A', text: TRUE_TEXT }, { key: 'B', text: FALSE_TEXT }]
}

/** An empty draft of the given type: four blank options (two fixed ones for true-or-false, none for fill-in). */
export function emptyDraft(type = 'SINGLE') {
  const options = type === 'TRUE_FALSE' ? trueFalseOptions()
    : type === 'FILL_BLANK' ? []
      : [0, 1, 2, 3].map((i) => ({ key: optionKey(i), text: '' }))
  return {
    ref: '', pool: 'LEARNING', type, stem: '',
    options,
    correctKeys: [], explanation: '', difficulty: 3, grade: null, knowledgePoints: [],
  }
}

/** The editor's draft from a stored version (of a question with that ref and pool). */
export function draftFromVersion(version, question) {
  return {
    ref: question.ref ?? '', pool: question.pool ?? 'LEARNING', type: version.type, stem: version.stem ?? '',
    options: (version.options ?? []).map((o) => ({ key: o.key, text: o.text ?? '' })),
    correctKeys: [...(version.correctKeys ?? [])], explanation: version.explanation ?? '',
    difficulty: version.difficulty ?? null, grade: version.grade ?? null, knowledgePoints: [...(version.knowledgePoints ?? [])],
  }
}

/**
 * The draft changed to another type: true-or-false gets its fixed options; leaving it gives four blank ones; a
 * single-answer question keeps at most one correct key. A fill-in question's options are answers, not choices: going
 * to or from it starts them afresh (one row per blank of the stem, or four empty options).
 */
export function changeType(draft, type) {
  const next = { ...draft, type }
  if (type === 'FILL_BLANK') {
    if (draft.type === 'FILL_BLANK') return next
    return syncBlanks({ ...next, options: [], correctKeys: [] })
  }
  if (draft.type === 'FILL_BLANK') {
    next.options = emptyDraft(type).options
    next.correctKeys = []
  } else if (type === 'TRUE_FALSE') {
    next.options = trueFalseOptions()
    next.correctKeys = draft.correctKeys.filter((k) => k === 'A' || k === 'B').slice(0, 1)
  } else if (draft.type === 'TRUE_FALSE') {
    next.options = emptyDraft(type).options
    next.correctKeys = []
  } else if (type === 'SINGLE') {
    next.correctKeys = draft.correctKeys.slice(0, 1)
  }
  return next
}

/** The draft without option `index`: the later options move up a letter, and so do their correct keys. */
export function removeOption(draft, index) {
  const options = draft.options.filter((_, i) => i !== index).map((o, i) => ({ ...o, key: optionKey(i) }))
  const correctKeys = draft.correctKeys
    .map((k) => k.charCodeAt(0) - 65)
    .filter((i) => i !== index)
    .map((i) => optionKey(i > index ? i - 1 : i))
  return { ...draft, options, correctKeys }
}

export function addOption(draft) {
  if (draft.options.length >= MAX_OPTIONS) return draft
  return { ...draft, options: [...draft.options, { key: optionKey(draft.options.length), text: '' }] }
}

/**
 * The request body (QuestionDraft): texts trimmed, keys in order, correct keys sorted; `ref` only on create. A
 * fill-in question sends each blank's accepted answers as "碳|C" and all its keys as correct (every blank counts).
 */
export function toRequest(draft, { create }) {
  const fill = draft.type === 'FILL_BLANK'
  const options = draft.type === 'TRUE_FALSE'
    ? trueFalseOptions()
    : draft.options.map((o, i) => ({ key: optionKey(i), text: fill ? acceptedAnswers(o.text).join('|') : (o.text ?? '').trim() }))
  return {
    ...(create ? { ref: draft.ref?.trim() || null, pool: draft.pool } : {}),
    type: draft.type,
    stem: (draft.stem ?? '').trim(),
    options,
    correctKeys: fill ? options.map((o) => o.key) : [...new Set(draft.correctKeys)].sort(),
    explanation: (draft.explanation ?? '').trim(),
    difficulty: draft.difficulty,
    grade: draft.grade,
    knowledgePoints: [...new Set(draft.knowledgePoints.map((p) => p.trim()).filter(Boolean))],
  }
}

/**
 * What is wrong with a request body, by field ("stem", "options", "options[2]", "correctKeys", …), the first
 * message of each; empty when the server would accept it (knowledge points unknown to the trade aside: the editor
 * creates those first).
 */
export function validateDraft(body) {
  const v = {}
  const add = (field, message) => {
    if (!(field in v)) v[field] = message
  }
  if (body.ref != null && body.ref !== '' && !REF.test(body.ref)) add('ref', '编号只能由字母、数字、- 和 _ 组成，最长 32 个字符')
  if (!body.type) add('type', '缺少题型（单选、多选或判断）')
  if (!body.stem) add('stem', '缺少题干')
  else if (body.stem.length > MAX_STEM) add('stem', `题干超过 ${MAX_STEM} 个字`)
  const options = body.options ?? []
  if (body.type === 'FILL_BLANK') {
    const blanks = countBlanks(body.stem)
    if (blanks < 1 || blanks > MAX_OPTIONS) add('stem', `填空题的题干须用 ___（三个或更多下划线）标出 1 到 ${MAX_OPTIONS} 个空`)
    else if (blanks !== options.length) add('options', `题干有 ${blanks} 个空，却给了 ${options.length} 组答案`)
    options.forEach((o, i) => {
      if (!o.text) add(`options[${i}]`, `第 ${i + 1} 个空没有答案`)
      else if (o.text.length > MAX_OPTION) add(`options[${i}]`, `第 ${i + 1} 个空的答案超过 ${MAX_OPTION} 个字`)
    })
  } else if (body.type && body.type !== 'TRUE_FALSE') {
    if (options.length < MIN_OPTIONS || options.length > MAX_OPTIONS) add('options', `选项须有 ${MIN_OPTIONS} 到 ${MAX_OPTIONS} 个`)
    const texts = new Set()
    options.forEach((o, i) => {
      if (!o.text) add(`options[${i}]`, `选项${optionKey(i)}为空`)
      else if (o.text.length > MAX_OPTION) add(`options[${i}]`, `选项${optionKey(i)}超过 ${MAX_OPTION} 个字`)
      else if (texts.has(o.text)) add(`options[${i}]`, `选项${optionKey(i)}与前面的选项相同`)
      else texts.add(o.text)
    })
  }
  const keys = body.correctKeys ?? []
  if (body.type === 'FILL_BLANK') {
    // the blanks' answers are the key
  } else if (!keys.length) {
    add('correctKeys', '缺少答案')
  } else if (body.type) {
    const known = new Set(options.map((_, i) => optionKey(i)))
    const unknown = keys.filter((k) => !known.has(k))
    if (unknown.length) add('correctKeys', `答案 ${unknown.join('、')} 不在选项中`)
    else if (body.type === 'MULTIPLE' && keys.length < 2) add('correctKeys', '多选题至少要有两个正确选项')
    else if (body.type !== 'MULTIPLE' && keys.length !== 1) add('correctKeys', `${body.type === 'SINGLE' ? '单选题' : '判断题'}只能有一个答案`)
  }
  if ((body.explanation ?? '').length > MAX_EXPLANATION) add('explanation', `解析超过 ${MAX_EXPLANATION} 个字`)
  if (!Number.isInteger(body.difficulty) || body.difficulty < 1 || body.difficulty > 5) add('difficulty', '请选择难度（1 到 5）')
  if (!Number.isInteger(body.grade) || body.grade < 1 || body.grade > 5) add('grade', '请选择等级')
  if ((body.knowledgePoints ?? []).length > MAX_POINTS) add('knowledgePoints', `知识点最多 ${MAX_POINTS} 个`)
  return v
}

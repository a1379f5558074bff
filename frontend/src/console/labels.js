/** Chinese names of the question bank's codes, and how the console formats its figures. */

export const STATUSES = {
  DRAFT: { label: '草稿', tag: 'info' },
  IN_REVIEW: { label: '审核中', tag: 'warning' },
  PUBLISHED: { label: '已发布', tag: 'success' },
  RETIRED: { label: '已停用', tag: 'danger' },
}

export const TYPES = { SINGLE: '单选题', MULTIPLE: '多选题', TRUE_FALSE: '判断题', FILL_BLANK: '填空题' }

export const POOLS = { LEARNING: '学习题库', EXAM: '考试题库' }
export const POOLS_SHORT = { LEARNING: '学习', EXAM: '考试' }

/** Statistic flags of a question version (ItemStatistic.flags, QuestionSummary.statistics.flags). */
export const FLAGS = {
  TOO_EASY: { label: '过易', hint: '通过率高于 95%' },
  TOO_HARD: { label: '过难', hint: '通过率低于 20%' },
  NEGATIVE_DISCRIMINATION: { label: '区分度为负', hint: '成绩好的职工反而答错更多，请检查答案' },
  UNUSED_OPTION: { label: '有选项无人选', hint: '某个选项从没有人选，干扰项可能无效' },
}

export const ACTIONS = {
  CREATED: '创建',
  IMPORTED: 'Excel 导入',
  EDITED: '修改',
  SUBMITTED: '提交审核',
  APPROVED: '审核通过',
  RETURNED: '退回',
  RETIRED: '停用',
}

export const DIFFICULTIES = { 1: '1 很易', 2: '2 较易', 3: '3 中等', 4: '4 较难', 5: '5 很难' }

export const statusLabel = (status) => STATUSES[status]?.label ?? status ?? ''
export const flagLabel = (flag) => FLAGS[flag]?.label ?? flag

/** "五级 · 初级工" from the list of GET /api/skill-grades; the bare number while that list is not there. */
export function gradeName(grades, grade) {
  const g = grades?.find((x) => x.grade === grade)
  return g ? `${g.levelName} · ${g.title}` : grade == null ? '' : `${grade} 级`
}

/** "初级工": the short name, for narrow table columns. */
export function gradeTitle(grades, grade) {
  return grades?.find((x) => x.grade === grade)?.title ?? (grade == null ? '' : `${grade} 级`)
}

/** 0.734 → "73%"; nothing for a missing figure. */
export function percent(value) {
  return value == null ? '—' : `${Math.round(value * 100)}%`
}

export function decimal(value, digits = 2) {
  return value == null ? '—' : value.toFixed(digits)
}

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
})

/** "2026/12/04 09:30" in Beijing time. */
export function formatTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : dateTime.format(d)
}

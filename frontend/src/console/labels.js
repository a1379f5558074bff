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

// ---- The union's console (#16) ----

/** A period's kind (period=…): the selector's choices. */
export const PERIOD_KINDS = { DAY: '日', WEEK: '周', MONTH: '月', QUARTER: '季度', YEAR: '年', RANGE: '自定义' }

export const UNIT_KINDS = { REGION: '地区', ENTERPRISE: '企业', TEAM: '班组' }
export const REGION_LEVELS = { PROVINCE: '省', CITY: '市', COUNTY: '县区' }
export const SIZE_CLASSES = { LARGE: '大型', MEDIUM: '中型', SMALL: '小型', MICRO: '微型' }

/** The breakdown's dimensions (by=…); WORKERS is the console's own tab, the worker list of an enterprise or team. */
export const DIMENSIONS = {
  CHILD: '下级单位', ENTERPRISE: '企业', TEAM: '班组', INDUSTRY: '行业', TRADE: '工种', SIZE: '企业规模', WORKERS: '职工',
}

export const PROMOTION_ROUTES = { ONLINE_EXAM: '线上考核', CONTEST: '技能竞赛' }

/** What a target measures; `rate`: a share 0..1, entered and shown as a percentage. */
export const METRICS = {
  PARTICIPATION_RATE: { label: '参与率', rate: true },
  ACTIVE_WORKERS: { label: '活跃职工数', unit: '人' },
  LEVELS_PASSED: { label: '通关数', unit: '关次' },
  PROMOTIONS: { label: '晋级人数', unit: '人' },
  SMALL_COVERAGE: { label: '小微企业覆盖率', rate: true, hint: '小型和微型企业中有职工参与的比例' },
}

/** A target's standing: reached, missed, on track against the time gone, a little or far behind. */
export const TARGET_STATUSES = {
  GREEN: { label: '正常', tag: 'success', color: '#67c23a' },
  AMBER: { label: '预警', tag: 'warning', color: '#e6a23c' },
  RED: { label: '落后', tag: 'danger', color: '#f56c6c' },
  DONE: { label: '已完成', tag: 'primary', color: '#409eff' },
  MISSED: { label: '未完成', tag: 'info', color: '#909399' },
}

export const APPLICATION_STATUSES = {
  PENDING: { label: '待审核', tag: 'warning' },
  APPROVED: { label: '已通过', tag: 'success' },
  REJECTED: { label: '已驳回', tag: 'danger' },
  CLOSED: { label: '已关闭', tag: 'info' },
}

/** The integrity flags raised on a worker's runs (a hint for the reviewer, never a verdict). */
export const INTEGRITY_FLAGS = {
  TOO_FAST: '答题过快',
  PERFECT_STREAK: '连续满分',
  SHARED_DEVICE: '共用设备',
  SHARED_ADDRESS: '共用网络',
  IDENTICAL_ANSWERS: '答案雷同',
}

/** The skill grades' titles, for pages of callers who do not load GET /api/skill-grades (union admins). */
export const GRADE_TITLES = { 5: '初级工', 4: '中级工', 3: '高级工', 2: '技师', 1: '高级技师' }

/** Labels and formats shared by the screens. */

export const ZONE = 'Asia/Shanghai'

export const GRADE_TITLES = { 5: '初级工', 4: '中级工', 3: '高级工', 2: '技师', 1: '高级技师' }
export const GRADE_LEVELS = { 5: '五级', 4: '四级', 3: '三级', 2: '二级', 1: '一级' }

export function gradeLabel(grade, title) {
  if (grade == null) return '暂无等级'
  return `${GRADE_LEVELS[grade] ?? grade + '级'} · ${title ?? GRADE_TITLES[grade] ?? ''}`
}

export const SCOPES = [
  { value: 'TRADE', label: '工种' },
  { value: 'ENTERPRISE', label: '企业' },
  { value: 'TEAM', label: '班组' },
  { value: 'CITY', label: '城市' },
  { value: 'PROVINCE', label: '全省' },
]

export const PERIODS = [
  { value: 'WEEK', label: '本周' },
  { value: 'MONTH', label: '本月' },
  { value: 'ALL_TIME', label: '总榜' },
]

export const QUESTION_TYPES = { SINGLE: '单选题', MULTIPLE: '多选题', TRUE_FALSE: '判断题', FILL_BLANK: '填空题' }

/** "2026-W48" → "2026年第48周", "2026-11" → "2026年11月", "ALL" → "累计". */
export function periodLabel(label) {
  if (!label || label === 'ALL') return '累计'
  let m = /^(\d{4})-W(\d{1,2})$/.exec(label)
  if (m) return `${m[1]}年第${Number(m[2])}周`
  m = /^(\d{4})-(\d{1,2})$/.exec(label)
  if (m) return `${m[1]}年${Number(m[2])}月`
  return label
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function dayOf(instant) {
  return dayFormat.format(typeof instant === 'string' ? new Date(instant) : instant)
}

export function formatDate(value) {
  if (!value) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-')
    return `${y}年${Number(m)}月${Number(d)}日`
  }
  const [y, m, d] = dayOf(value).split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
})

export function formatDateTime(value) {
  return value ? timeFormat.format(new Date(value)) : ''
}

export function maskPhone(phone) {
  return phone && phone.length === 11 ? phone.slice(0, 3) + '****' + phone.slice(7) : phone ?? ''
}

export function minutesLabel(seconds) {
  const m = Math.round(seconds / 60)
  return m >= 1 ? `${m} 分钟` : `${seconds} 秒`
}

/** Who may use the console, and the left menu each role sees. */

export const CONSOLE_ROLES = ['TRAINER', 'UNION_ADMIN', 'SYSTEM_ADMIN']
/** The question bank: trainers of the trade's industry, and system admins for every trade. */
export const BANK_ROLES = ['TRAINER', 'SYSTEM_ADMIN']
/** The union's work: union admins for their scope, system admins for the province. */
export const UNION_ROLES = ['UNION_ADMIN', 'SYSTEM_ADMIN']
/** Skills contests: organisers (union admins, system admins) and the trainers who compose their papers. */
export const CONTEST_ROLES = ['TRAINER', 'UNION_ADMIN', 'SYSTEM_ADMIN']

export const hasAnyRole = (roles, wanted) => (roles ?? []).some((r) => wanted.includes(r))
export const hasConsoleRole = (roles) => hasAnyRole(roles, CONSOLE_ROLES)

/**
 * The menu by groups; `route` is the route name. The union's pages are a group of their own, after the trainers'
 * (a system admin sees both); the skills contests come last, for organisers and for the trainers who compose papers.
 */
export const MENU = [
  {
    title: '题库管理',
    roles: BANK_ROLES,
    items: [
      { route: 'questions', label: '题库' },
      { route: 'review', label: '审核' },
      { route: 'import', label: '导入' },
      { route: 'knowledge-points', label: '知识点' },
      { route: 'statistics', label: '题目统计' },
    ],
  },
  {
    title: '闯关设置',
    roles: BANK_ROLES,
    items: [
      { route: 'level-map', label: '关卡地图' },
    ],
  },
  {
    title: '工会工作',
    roles: UNION_ROLES,
    items: [
      { route: 'union-overview', label: '概览' },
      { route: 'union-units', label: '单位明细' },
      { route: 'union-coverage', label: '覆盖率' },
      { route: 'union-weak-points', label: '薄弱知识点' },
      { route: 'union-targets', label: '目标督办' },
      { route: 'union-notices', label: '通知' },
      { route: 'union-promotions', label: '晋级审核' },
    ],
  },
  {
    title: '竞赛',
    roles: CONTEST_ROLES,
    items: [
      { route: 'contests', label: '技能竞赛' },
    ],
  },
]

/** The groups of the menu this caller sees, in order. */
export function menuFor(roles) {
  return MENU.filter((group) => hasAnyRole(roles, group.roles))
}

/** Where "/console/" leads this caller: the first entry of their menu. */
export function homeRoute(roles) {
  return menuFor(roles)[0]?.items[0]?.route ?? null
}

/** Who may use the console, and the left menu each role sees. */

export const CONSOLE_ROLES = ['TRAINER', 'UNION_ADMIN', 'SYSTEM_ADMIN']
/** The question bank: trainers of the trade's industry, and system admins for every trade. */
export const BANK_ROLES = ['TRAINER', 'SYSTEM_ADMIN']
export const UNION_ROLES = ['UNION_ADMIN']

export const hasAnyRole = (roles, wanted) => (roles ?? []).some((r) => wanted.includes(r))
export const hasConsoleRole = (roles) => hasAnyRole(roles, CONSOLE_ROLES)

/**
 * The menu by groups; `route` is the route name. The union admins' pages are announced in their own group (the
 * pages say they are coming) so that they slot in without moving the trainers' entries.
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
      { route: 'participation', label: '参与情况' },
      { route: 'coverage', label: '覆盖率' },
      { route: 'promotions', label: '晋级审核' },
      { route: 'contests', label: '竞赛' },
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

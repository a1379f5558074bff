import { createRouter, createWebHistory } from 'vue-router'
import { useSessionStore } from './stores/session.js'
import { useWorkspaceStore } from './stores/workspace.js'
import { BANK_ROLES, CONTEST_ROLES, UNION_ROLES, hasAnyRole, hasConsoleRole, homeRoute } from './menu.js'
import LayoutView from './views/LayoutView.vue'

const bank = (name, path, component, title, extra = {}) =>
  ({ path, name, component, meta: { roles: BANK_ROLES, trade: true, title, menu: name, ...extra } })
/** A union page: the unit and the period live in its query (see lib/union.js), handed on by the menu. */
const union = (name, path, component, title) =>
  ({ path, name, component, meta: { roles: UNION_ROLES, title, menu: name, union: true } })
/** A contest page: organisers and trainers (a trainer composes the paper); the page shows each what is theirs. */
const contest = (name, path, component, title, roles = CONTEST_ROLES) =>
  ({ path, name, component, meta: { roles, title, menu: 'contests' } })

/**
 * The shell (menu, header) comes with the entry, as every page but the login needs it; each page is its own chunk,
 * and ECharts comes only with the pages that draw charts.
 */
export const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: LayoutView,
    children: [
      { path: '', name: 'home', component: () => import('./views/NotFoundView.vue') },
      bank('questions', 'questions', () => import('./views/QuestionListView.vue'), '题库'),
      bank('question-new', 'questions/new', () => import('./views/QuestionEditorView.vue'), '新建题目', { menu: 'questions' }),
      bank('question', 'questions/:id(\\d+)', () => import('./views/QuestionDetailView.vue'), '题目详情', { menu: 'questions' }),
      bank('question-edit', 'questions/:id(\\d+)/edit', () => import('./views/QuestionEditorView.vue'), '编辑题目', { menu: 'questions' }),
      bank('review', 'review', () => import('./views/ReviewQueueView.vue'), '审核'),
      bank('import', 'import', () => import('./views/ImportView.vue'), '导入'),
      bank('knowledge-points', 'knowledge-points', () => import('./views/KnowledgePointsView.vue'), '知识点'),
      bank('statistics', 'statistics', () => import('./views/StatisticsView.vue'), '题目统计'),
      bank('level-map', 'level-map', () => import('./views/LevelMapView.vue'), '关卡地图'),
      union('union-overview', 'union/overview', () => import('./views/UnionOverviewView.vue'), '概览'),
      union('union-units', 'union/units', () => import('./views/UnionUnitsView.vue'), '单位明细'),
      union('union-coverage', 'union/coverage', () => import('./views/UnionCoverageView.vue'), '覆盖率'),
      union('union-weak-points', 'union/weak-points', () => import('./views/UnionWeakPointsView.vue'), '薄弱知识点'),
      union('union-targets', 'union/targets', () => import('./views/UnionTargetsView.vue'), '目标督办'),
      union('union-notices', 'union/notices', () => import('./views/UnionNoticesView.vue'), '通知'),
      union('union-promotions', 'union/promotions', () => import('./views/UnionPromotionsView.vue'), '晋级审核'),
      contest('contests', 'contests', () => import('./views/ContestListView.vue'), '技能竞赛'),
      contest('contest-new', 'contests/new', () => import('./views/ContestFormView.vue'), '新建竞赛', UNION_ROLES),
      contest('contest-edit', 'contests/:id(\\d+)/edit', () => import('./views/ContestFormView.vue'), '修改竞赛', UNION_ROLES),
      contest('contest', 'contests/:id(\\d+)', () => import('./views/ContestDetailView.vue'), '竞赛详情'),
      // the addresses of announced pages before there were any
      { path: 'union/contests', redirect: { name: 'contests' } },
      { path: 'union/participation', redirect: { name: 'union-overview' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export function createConsoleRouter(history = createWebHistory('/console/')) {
  const router = createRouter({ history, routes, scrollBehavior: (to, from, saved) => saved ?? { top: 0 } })

  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (to.meta.public) return to.name === 'login' && session.signedIn && hasConsoleRole(session.user?.roles) ? { name: 'home' } : true
    if (!session.signedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }

    const workspace = useWorkspaceStore()
    try {
      await workspace.load()
    } catch {
      // the layout shows why and offers to try again (a 401 has already sent the caller to the login page)
      return true
    }
    if (!hasConsoleRole(workspace.roles)) {
      await session.logout()
      workspace.reset()
      return { name: 'login', query: { denied: '1' } }
    }
    if (to.name === 'home' || (to.meta.roles && !hasAnyRole(workspace.roles, to.meta.roles))) {
      const home = homeRoute(workspace.roles)
      return home && home !== to.name ? { name: home } : true
    }
    if (to.meta.trade) {
      const wanted = Number(to.query.trade)
      if (workspace.isMyTrade(wanted)) {
        workspace.selectTrade(wanted)
        return true
      }
      // the trade lives in the URL, so that a link or a reload opens the same trade's page
      const fallback = workspace.defaultTradeId()
      if (fallback != null) return { path: to.path, query: { ...to.query, trade: String(fallback) }, hash: to.hash, replace: true }
    }
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 闯关管理后台` : '闯关管理后台'
  })

  /** A page's chunk that cannot be fetched (new deployment, network gone): reload once at the target. */
  router.onError((error, to) => {
    if (/Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(String(error?.message))) {
      const key = 'cg.console.chunk-reload'
      if (sessionStorage.getItem(key) !== to.fullPath) {
        sessionStorage.setItem(key, to.fullPath)
        window.location.assign(router.resolve(to).href)
      }
    }
  })

  return router
}

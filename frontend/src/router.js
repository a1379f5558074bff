import { createRouter, createWebHistory } from 'vue-router'
import { useAuthStore } from './stores/auth.js'

/** Every screen is its own chunk: the first load carries only the shell. */
export const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { tab: 'home', title: '首页' } },
  { path: '/map', name: 'map', component: () => import('./views/MapView.vue'), meta: { tab: 'map', title: '闯关地图' } },
  { path: '/contests', name: 'contests', component: () => import('./views/ContestsView.vue'), meta: { tab: 'contests', title: '竞赛' } },
  { path: '/contests/:id(\\d+)', name: 'contest', component: () => import('./views/ContestView.vue'), meta: { title: '竞赛详情' } },
  { path: '/contests/:id(\\d+)/runs/:runId(\\d+)', name: 'contest-run', component: () => import('./views/ContestRunView.vue'), meta: { title: '竞赛答题' } },
  { path: '/contests/:id(\\d+)/runs/:runId(\\d+)/result', name: 'contest-run-result', component: () => import('./views/ContestRunResultView.vue'), meta: { title: '竞赛成绩' } },
  { path: '/contests/:id(\\d+)/board', name: 'contest-board', component: () => import('./views/ContestBoardView.vue'), meta: { title: '竞赛排行' } },
  { path: '/contests/:id(\\d+)/results', name: 'contest-results', component: () => import('./views/ContestResultsView.vue'), meta: { title: '成绩公布' } },
  { path: '/leaderboard', name: 'leaderboard', component: () => import('./views/LeaderboardView.vue'), meta: { tab: 'leaderboard', title: '排行榜' } },
  { path: '/me', name: 'me', component: () => import('./views/MeView.vue'), meta: { tab: 'me', title: '我的' } },
  { path: '/grade', name: 'grade', component: () => import('./views/GradeView.vue'), meta: { title: '我的等级' } },
  { path: '/wrong-book', name: 'wrong-book', component: () => import('./views/WrongBookView.vue'), meta: { title: '错题本' } },
  { path: '/notices', name: 'notices', component: () => import('./views/NoticesView.vue'), meta: { title: '通知' } },
  { path: '/history', name: 'history', component: () => import('./views/HistoryView.vue'), meta: { title: '答题记录' } },
  { path: '/attempts/:id(\\d+)', name: 'quiz', component: () => import('./views/QuizView.vue'), meta: { title: '答题' } },
  { path: '/attempts/:id(\\d+)/result', name: 'result', component: () => import('./views/ResultView.vue'), meta: { title: '闯关结果' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { public: true, title: '页面不存在' } },
]

export function createAppRouter(history = createWebHistory()) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (to, from, saved) => saved ?? { top: 0 },
  })

  /** Signed-out users go to the login page, and come back where they wanted to go. */
  router.beforeEach((to) => {
    const auth = useAuthStore()
    if (!to.meta.public && !auth.signedIn) {
      return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    if (to.name === 'login' && auth.signedIn) return { name: 'home' }
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 闯关` : '闯关'
  })

  /** A chunk that cannot be fetched (new deployment, network gone): reload the page once at the target. */
  router.onError((error, to) => {
    if (/Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(String(error?.message))) {
      const key = 'cg.chunk-reload'
      if (sessionStorage.getItem(key) !== to.fullPath) {
        sessionStorage.setItem(key, to.fullPath)
        window.location.assign(to.fullPath)
      }
    }
  })

  return router
}

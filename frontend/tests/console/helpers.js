import { vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { flushPromises, mount } from '@vue/test-utils'
import { configureAuth } from '../../src/api/http.js'
import { httpAuthHooks } from '../../src/stores/auth.js'
import { CONSOLE_AUTH_KEY, useSessionStore } from '../../src/console/stores/session.js'
import { createConsoleRouter } from '../../src/console/router.js'
import App from '../../src/console/App.vue'

export const TRAINER = {
  id: 7, phone: '13800000007', displayName: '李培训', roles: ['TRAINER'],
  scope: { region: null, enterprise: null, industries: [{ id: 1, code: 'STEEL', name: '钢铁' }] },
}
export const INDUSTRIES = [
  { id: 1, code: 'STEEL', name: '钢铁', trades: [{ id: 11, code: 'STM', name: '炼钢工' }, { id: 12, code: 'ROL', name: '轧钢工' }] },
  { id: 2, code: 'MINE', name: '煤矿', trades: [{ id: 21, code: 'MIN', name: '采煤工' }] },
]
export const GRADES = [
  { grade: 5, levelName: '五级', title: '初级工' }, { grade: 4, levelName: '四级', title: '中级工' },
  { grade: 3, levelName: '三级', title: '高级工' }, { grade: 2, levelName: '二级', title: '技师' },
  { grade: 1, levelName: '一级', title: '高级技师' },
]

export function json(status, body) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
}

/**
 * Replaces fetch: `handler(call)` answers the calls it knows (a Response, or undefined for the defaults: the
 * account, its industries, the skill grades, no knowledge points); anything else is a 404 the test will notice.
 * call = { url, path, params (URLSearchParams), method, headers, body (parsed JSON, or the Blob as sent) }.
 */
export function mockApi(handler = () => undefined, { user = TRAINER } = {}) {
  const calls = []
  vi.stubGlobal('fetch', vi.fn(async (url, init = {}) => {
    const [path, search = ''] = String(url).split('?')
    const raw = init.body
    const call = {
      url: String(url), path, params: new URLSearchParams(search), method: init.method ?? 'GET', headers: init.headers ?? {},
      body: typeof raw === 'string' ? JSON.parse(raw) : raw,
    }
    calls.push(call)
    const answer = await handler(call)
    if (answer) return answer
    if (path === '/api/me') return json(200, user)
    if (path === '/api/industries') return json(200, INDUSTRIES)
    if (path === '/api/skill-grades') return json(200, GRADES)
    if (/^\/api\/trades\/\d+\/knowledge-points$/.test(path) && call.method === 'GET') return json(200, [])
    return json(404, { type: 'https://chuangguan.io/problems/not-found', status: 404, detail: `no mock for ${call.method} ${path}` })
  }))
  return calls
}

/** A signed-in console session for `user`, a fresh Pinia, the HTTP layer wired to the console's session. */
export function signedIn(user = TRAINER) {
  localStorage.clear()
  sessionStorage.clear()
  localStorage.setItem(CONSOLE_AUTH_KEY, JSON.stringify({ accessToken: 'A1', refreshToken: 'R1', expiresAt: Date.now() + 900000, user }))
  const pinia = createPinia()
  setActivePinia(pinia)
  configureAuth(httpAuthHooks(useSessionStore()))
  return pinia
}

/** Mounts the whole console (App, router with its guard, layout) at `path` (under /console/) and waits for it. */
export async function mountConsole(path, pinia) {
  const router = createConsoleRouter(createMemoryHistory('/console/'))
  router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await settle()
  return { wrapper, router }
}

/** Lets lazy pages load and requests answer. */
export async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

export function summary(overrides = {}) {
  return {
    id: 101, ref: 'STM-101', tradeId: 11, pool: 'LEARNING', status: 'DRAFT', version: 1, publishedVersion: null,
    type: 'SINGLE', stem: '安全色中表示禁止的颜色是（ ）。', grade: 5, difficulty: 2, knowledgePoints: ['安全规程'],
    author: { id: 8, name: '王老师' }, updatedAt: '2026-12-01T08:00:00Z', statistics: null, editors: [8],
    ...overrides,
  }
}

export function version(overrides = {}) {
  return {
    id: 1001, version: 1, status: 'DRAFT', type: 'SINGLE', stem: '安全色中表示禁止的颜色是（ ）。',
    options: [{ key: 'A', text: '蓝色' }, { key: 'B', text: '绿色' }, { key: 'C', text: '黄色' }, { key: 'D', text: '红色' }],
    correctKeys: ['D'], explanation: '红色表示禁止、停止。', difficulty: 2, grade: 5, knowledgePoints: ['安全规程'],
    author: { id: 8, name: '王老师' }, createdAt: '2026-12-01T08:00:00Z', submittedAt: null, reviewer: null,
    reviewComment: null, publishedAt: null, retiredAt: null, editors: [8],
    ...overrides,
  }
}

/** The <input> or <textarea> of an Element Plus field marked data-testid (the attribute lands on it or a wrapper). */
export function field(wrapper, testid) {
  const marked = wrapper.find(`[data-testid="${testid}"]`)
  if (['INPUT', 'TEXTAREA'].includes(marked.element.tagName)) return marked
  return marked.find('input, textarea')
}

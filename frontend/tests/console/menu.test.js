import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { homeRoute, menuFor } from '../../src/console/menu.js'
import { configureAuth } from '../../src/api/http.js'
import { httpAuthHooks } from '../../src/stores/auth.js'
import { CONSOLE_AUTH_KEY, useSessionStore } from '../../src/console/stores/session.js'
import { AUTH_KEY } from '../../src/stores/auth.js'
import { TRAINER, field, json, mockApi, mountConsole, settle, signedIn } from './helpers.js'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const labels = (groups) => groups.flatMap((g) => g.items.map((i) => i.label))
const BANK = ['题库', '审核', '导入', '知识点', '题目统计', '关卡地图']
const UNION = ['概览', '单位明细', '覆盖率', '薄弱知识点', '目标督办', '通知', '晋级审核']
const CONTESTS = ['技能竞赛']

describe('the menu by role', () => {
  it('gives trainers the question bank, union admins the union’s pages, system admins both, workers nothing', () => {
    expect(labels(menuFor(['TRAINER']))).toEqual([...BANK, ...CONTESTS])
    expect(labels(menuFor(['SYSTEM_ADMIN']))).toEqual([...BANK, ...UNION, ...CONTESTS])
    expect(labels(menuFor(['UNION_ADMIN']))).toEqual([...UNION, ...CONTESTS])
    expect(labels(menuFor(['TRAINER', 'UNION_ADMIN']))).toEqual([...BANK, ...UNION, ...CONTESTS])
    expect(menuFor(['WORKER'])).toEqual([])
    expect(homeRoute(['UNION_ADMIN'])).toBe('union-overview')
    expect(homeRoute(['SYSTEM_ADMIN'])).toBe('questions')
    expect(homeRoute(['TRAINER'])).toBe('questions')
  })

  it('shows a trainer the bank menu and the trades of their industries, the selected one in the URL', async () => {
    const pinia = signedIn()
    mockApi((call) => (call.path === '/api/trades/11/questions' ? json(200, { items: [], total: 0, page: 0, size: 20 }) : undefined))
    const { wrapper, router } = await mountConsole('/', pinia)
    const items = wrapper.findAll('[data-testid="menu"] .el-menu-item').map((i) => i.text())
    expect(items).toEqual([...BANK, ...CONTESTS])
    expect(router.currentRoute.value.name).toBe('questions')
    // the first trade of the trainer's industry (钢铁), not the other industry's
    expect(router.currentRoute.value.query.trade).toBe('11')
    expect(wrapper.text()).toContain('炼钢工')
  })

  it('shows a union admin their pages and the contests, and keeps them from the question bank', async () => {
    const admin = { ...TRAINER, id: 9, displayName: '张主席', roles: ['UNION_ADMIN'], scope: { region: { id: 1 }, enterprise: null, industries: [] } }
    const pinia = signedIn(admin)
    const calls = mockApi((call) => (call.path.startsWith('/api/union/') ? json(503, { status: 503, title: 'Unavailable' }) : undefined), { user: admin })
    const { wrapper, router } = await mountConsole('/questions?trade=11', pinia)
    expect(wrapper.findAll('[data-testid="menu"] .el-menu-item').map((i) => i.text())).toEqual([...UNION, ...CONTESTS])
    expect(router.currentRoute.value.name).toBe('union-overview')
    expect(calls.some((c) => c.path.includes('/questions'))).toBe(false)
    // the address of the page announced before leads to the contests
    await router.push('/union/contests')
    await settle()
    expect(router.currentRoute.value.name).toBe('contests')
    // the address of the page announced before
    await router.push('/union/participation')
    expect(router.currentRoute.value.name).toBe('union-overview')
  })

  it('keeps the unit and the period from one union page to the next', async () => {
    const admin = { ...TRAINER, id: 9, displayName: '张主席', roles: ['UNION_ADMIN'], scope: { region: { id: 1 }, enterprise: null, industries: [] } }
    const pinia = signedIn(admin)
    mockApi((call) => (call.path.startsWith('/api/union/') ? json(503, { status: 503, title: 'Unavailable' }) : undefined), { user: admin })
    const { wrapper, router } = await mountConsole('/union/overview?unit=region:12&period=YEAR', pinia)
    await wrapper.find('[data-route="union-units"]').trigger('click')
    // the page's chunk is transformed at its first import: give it time
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('union-units'), { timeout: 15000 })
    expect(router.currentRoute.value.query).toEqual({ unit: 'region:12', period: 'YEAR' })
  })
})

describe('the login', () => {
  it('refuses an account without a console role, and keeps no session', async () => {
    localStorage.clear()
    const pinia = createPinia()
    setActivePinia(pinia)
    configureAuth(httpAuthHooks(useSessionStore()))
    const worker = { id: 1, displayName: '王志强', roles: ['WORKER'] }
    const calls = mockApi((call) => {
      if (call.path === '/api/auth/login') return json(200, { accessToken: 'A1', refreshToken: 'R1', expiresIn: 900, user: worker })
      if (call.path === '/api/auth/logout') return json(204)
      return undefined
    })
    const { wrapper } = await mountConsole('/questions', pinia)
    await field(wrapper, 'phone').setValue('13900000001')
    await field(wrapper, 'password').setValue('Demo@2026')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('不能使用管理后台')
    expect(localStorage.getItem(CONSOLE_AUTH_KEY)).toBeNull()
    expect(calls.map((c) => c.path)).toContain('/api/auth/logout')
  })

  it('keeps the console session apart from the phone app’s', async () => {
    localStorage.clear()
    localStorage.setItem(AUTH_KEY, JSON.stringify({ accessToken: 'W1', refreshToken: 'WR1', expiresAt: Date.now() + 900000, user: { id: 1 } }))
    const pinia = createPinia()
    setActivePinia(pinia)
    configureAuth(httpAuthHooks(useSessionStore()))
    mockApi((call) => {
      if (call.path === '/api/auth/login') return json(200, { accessToken: 'T1', refreshToken: 'TR1', expiresIn: 900, user: TRAINER })
      if (call.path === '/api/trades/11/questions') return json(200, { items: [], total: 0, page: 0, size: 20 })
      return undefined
    })
    const { wrapper, router } = await mountConsole('/login', pinia)
    await field(wrapper, 'phone').setValue('13800000007')
    await field(wrapper, 'password').setValue('Trainer@2026')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(router.currentRoute.value.name).toBe('questions')
    expect(JSON.parse(localStorage.getItem(CONSOLE_AUTH_KEY)).accessToken).toBe('T1')
    expect(JSON.parse(localStorage.getItem(AUTH_KEY)).accessToken).toBe('W1')
  })
})

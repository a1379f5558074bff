import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { AUTH_KEY, httpAuthHooks, useAuthStore } from '../src/stores/auth.js'
import { configureAuth, request } from '../src/api/http.js'
import { deferred, json, mockFetch } from './helpers.js'

const USER = { id: 1, displayName: '王志强', trade: { id: 1, name: '炼钢工' } }

function setup() {
  const auth = useAuthStore()
  configureAuth(httpAuthHooks(auth))
  return auth
}

function signIn(pair = { accessToken: 'A1', refreshToken: 'R1' }, expiresAt = Date.now() + 15 * 60 * 1000) {
  localStorage.setItem(AUTH_KEY, JSON.stringify({ ...pair, expiresAt, user: USER }))
}

function stored() {
  return JSON.parse(localStorage.getItem(AUTH_KEY))
}

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => vi.unstubAllGlobals())

describe('login', () => {
  it('keeps the token pair and the user in localStorage', async () => {
    const calls = mockFetch(() => json(200, { accessToken: 'A1', refreshToken: 'R1', expiresIn: 900, user: USER }))
    const auth = setup()
    const user = await auth.login('13900000001', 'Demo@2026')
    expect(user.displayName).toBe('王志强')
    expect(auth.signedIn).toBe(true)
    expect(calls[0]).toMatchObject({ url: '/api/auth/login', method: 'POST', body: { phone: '13900000001', password: 'Demo@2026' } })
    expect(calls[0].headers.Authorization).toBeUndefined()
    expect(stored()).toMatchObject({ accessToken: 'A1', refreshToken: 'R1', user: { displayName: '王志强' } })
    // a reload reads the session back
    setActivePinia(createPinia())
    expect(useAuthStore().signedIn).toBe(true)
  })

  it('says in Chinese that the phone or password is wrong', async () => {
    mockFetch(() => json(401, { type: 'https://chuangguan.io/problems/invalid-credentials', title: 'Unauthorized', status: 401, detail: 'The phone number or password is wrong' }))
    const auth = setup()
    await expect(auth.login('13900000001', 'nope')).rejects.toThrow('手机号或密码错误')
    expect(auth.signedIn).toBe(false)
    expect(localStorage.getItem(AUTH_KEY)).toBeNull()
  })

  it('says how many minutes to wait when the phone is locked out', async () => {
    mockFetch(() => json(429, { type: 'https://chuangguan.io/problems/too-many-login-attempts', status: 429, detail: 'Too many login attempts' }, { 'Retry-After': '840' }))
    const auth = setup()
    await expect(auth.login('13900000001', 'x')).rejects.toThrow('请 14 分钟后再试')
  })

  it('tells a network failure from a server error', async () => {
    const auth = setup()
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))))
    await expect(auth.login('13900000001', 'x')).rejects.toThrow('网络连接失败，请检查网络后重试')
    mockFetch(() => new Response('oops', { status: 500 }))
    await expect(auth.login('13900000001', 'x')).rejects.toThrow('服务器开小差了，请稍后再试（500）')
  })
})

describe('single-flight refresh', () => {
  it('refreshes once for concurrent 401s, stores the new pair first, then retries every request', async () => {
    signIn()
    const refreshAnswer = deferred()
    const retries = []
    const calls = mockFetch(async (call) => {
      if (call.url === '/api/auth/refresh') {
        if (call.body.refreshToken !== 'R1') return json(401, { type: 'x/invalid-refresh-token' })
        return refreshAnswer.promise
      }
      const token = call.headers.Authorization
      if (token === 'Bearer A1') return json(401, { type: 'x/unauthenticated' })
      if (token === 'Bearer A2') {
        retries.push(stored()?.refreshToken)
        return json(200, { url: call.url })
      }
      return json(401, {})
    })
    setup()
    const pending = [request('/api/me'), request('/api/trades/1/levels'), request('/api/me/attempts')]
    await vi.waitFor(() => expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1))
    refreshAnswer.resolve(json(200, { accessToken: 'A2', refreshToken: 'R2', expiresIn: 900 }))
    const results = await Promise.all(pending)
    expect(results.map((r) => r.url)).toEqual(['/api/me', '/api/trades/1/levels', '/api/me/attempts'])
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1)
    // every retry went out after the new pair was stored
    expect(retries).toEqual(['R2', 'R2', 'R2'])
    expect(stored()).toMatchObject({ accessToken: 'A2', refreshToken: 'R2' })
  })

  it('does not refresh again for a late 401 of a request sent with the old token', async () => {
    signIn()
    const slow = deferred()
    const calls = mockFetch(async (call) => {
      if (call.url === '/api/auth/refresh') return json(200, { accessToken: 'A2', refreshToken: 'R2', expiresIn: 900 })
      if (call.url === '/api/slow' && call.headers.Authorization === 'Bearer A1') return slow.promise
      return call.headers.Authorization === 'Bearer A2' ? json(200, { ok: call.url }) : json(401, {})
    })
    setup()
    const late = request('/api/slow')
    await request('/api/me')
    slow.resolve(json(401, {}))
    await expect(late).resolves.toEqual({ ok: '/api/slow' })
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1)
  })

  it('refreshes before a request when the access token is about to expire', async () => {
    signIn(undefined, Date.now() + 5000)
    const calls = mockFetch((call) =>
      call.url === '/api/auth/refresh'
        ? json(200, { accessToken: 'A2', refreshToken: 'R2', expiresIn: 900 })
        : json(200, { auth: call.headers.Authorization }))
    setup()
    await expect(request('/api/me')).resolves.toEqual({ auth: 'Bearer A2' })
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/refresh', '/api/me'])
  })

  it('sends the user to login when the refresh token is refused', async () => {
    signIn()
    mockFetch((call) => (call.url === '/api/auth/refresh'
      ? json(401, { type: 'https://chuangguan.io/problems/invalid-refresh-token', status: 401 })
      : json(401, { type: 'https://chuangguan.io/problems/unauthenticated' })))
    const auth = setup()
    const expired = vi.fn()
    auth.onSessionExpired(expired)
    const results = await Promise.allSettled([request('/api/me'), request('/api/me/attempts')])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(results[0].reason.message).toBe('登录已过期，请重新登录')
    expect(expired).toHaveBeenCalledTimes(1)
    expect(auth.signedIn).toBe(false)
    expect(localStorage.getItem(AUTH_KEY)).toBeNull()
  })

  it('keeps the session when the refresh fails for lack of network', async () => {
    signIn()
    vi.stubGlobal('fetch', vi.fn(async (url) => {
      if (url === '/api/auth/refresh') throw new TypeError('Failed to fetch')
      return json(401, {})
    }))
    const auth = setup()
    await expect(request('/api/me')).rejects.toThrow('网络连接失败')
    expect(auth.signedIn).toBe(true)
    expect(stored().refreshToken).toBe('R1')
  })
})

describe('session expired while answering', () => {
  it('keeps the saved answers when the same worker logs in again, and drops them for another worker', async () => {
    signIn()
    localStorage.setItem('cg.attempt.42', JSON.stringify({ answers: { 11: ['D'] }, index: 0, savedAt: Date.now() }))
    mockFetch((call) => {
      if (call.url === '/api/auth/refresh') return json(401, { type: 'https://chuangguan.io/problems/invalid-refresh-token', status: 401 })
      if (call.url === '/api/auth/login') {
        const user = call.body.phone === '13900000001' ? USER : { id: 2, displayName: '张海涛' }
        return json(200, { accessToken: 'A9', refreshToken: 'R9', expiresIn: 900, user })
      }
      return json(401, { type: 'https://chuangguan.io/problems/unauthenticated' })
    })
    const auth = setup()
    await expect(request('/api/me')).rejects.toThrow('登录已过期，请重新登录')
    expect(auth.signedIn).toBe(false)
    expect(localStorage.getItem('cg.attempt.42')).not.toBeNull()

    // the app may be reloaded (or killed) on the login page: the answers live in localStorage only
    setActivePinia(createPinia())
    const again = setup()
    await again.login('13900000001', 'Demo@2026')
    expect(JSON.parse(localStorage.getItem('cg.attempt.42')).answers).toEqual({ 11: ['D'] })

    await again.logout()
    localStorage.setItem('cg.attempt.43', JSON.stringify({ answers: { 11: ['A'] }, savedAt: Date.now() }))
    await again.login('13900000001', 'Demo@2026')
    expect(localStorage.getItem('cg.attempt.43')).toBeNull()

    localStorage.setItem('cg.attempt.44', JSON.stringify({ answers: { 11: ['B'] }, savedAt: Date.now() }))
    again.clear()
    await again.login('13900000002', 'Demo@2026')
    expect(localStorage.getItem('cg.attempt.44')).toBeNull()
  })

  it('keeps the session when the refresh meets a server hiccup (502, 503, 429)', async () => {
    for (const status of [502, 503, 429]) {
      localStorage.clear()
      setActivePinia(createPinia())
      signIn()
      mockFetch((call) => (call.url === '/api/auth/refresh' ? json(status, {}) : json(401, { type: 'x/unauthenticated' })))
      const auth = setup()
      const expired = vi.fn()
      auth.onSessionExpired(expired)
      const err = await request('/api/me').catch((e) => e)
      expect(err.retriable).toBe(true)
      expect(err.message).not.toContain('登录已过期')
      expect(expired).not.toHaveBeenCalled()
      expect(auth.signedIn).toBe(true)
      expect(stored().refreshToken).toBe('R1')
    }
  })

  it('keeps the session when the early refresh meets a server hiccup', async () => {
    signIn(undefined, Date.now() + 5000)
    mockFetch((call) => (call.url === '/api/auth/refresh' ? json(503, {}) : json(200, {})))
    const auth = setup()
    await expect(request('/api/me')).rejects.toThrow('服务器暂时无法访问')
    expect(auth.signedIn).toBe(true)
  })
})

describe('logout', () => {
  it('revokes the refresh token and forgets the session and the saved answers', async () => {
    signIn()
    localStorage.setItem('cg.attempt.7', JSON.stringify({ answers: { 1: ['A'] } }))
    const calls = mockFetch(() => new Response(null, { status: 204 }))
    const auth = setup()
    await auth.logout()
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ url: '/api/auth/logout', method: 'POST', body: { refreshToken: 'R1' } })
    expect(auth.signedIn).toBe(false)
    expect(localStorage.getItem(AUTH_KEY)).toBeNull()
    expect(localStorage.getItem('cg.attempt.7')).toBeNull()
  })

  it('signs out on the phone even when the network is down', async () => {
    signIn()
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))))
    const auth = setup()
    await auth.logout()
    expect(auth.signedIn).toBe(false)
    expect(localStorage.getItem(AUTH_KEY)).toBeNull()
  })
})

import { vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { AUTH_KEY, httpAuthHooks, useAuthStore } from '../src/stores/auth.js'
import { configureAuth } from '../src/api/http.js'

export function json(status, body, headers = {}) {
  const type = status >= 400 ? 'application/problem+json' : 'application/json'
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': type, ...headers },
  })
}

/**
 * Replaces fetch with `handler(call)`, where call = { url, method, headers, body (parsed) }. Returns the list of
 * calls made, in order.
 */
export function mockFetch(handler) {
  const calls = []
  vi.stubGlobal('fetch', vi.fn(async (url, init = {}) => {
    const call = {
      url: String(url),
      method: init.method ?? 'GET',
      headers: init.headers ?? {},
      rawBody: init.body,
      body: init.body ? JSON.parse(init.body) : undefined,
    }
    calls.push(call)
    return handler(call)
  }))
  return calls
}

export function deferred() {
  let resolve
  let reject
  const promise = new Promise((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export const tick = () => new Promise((r) => setTimeout(r, 0))

/** A fresh page with this worker signed in: the session in localStorage, a new Pinia, the HTTP layer wired to it. */
export function signedIn(user = { id: 7, displayName: '王志强' }) {
  localStorage.clear()
  sessionStorage.clear()
  localStorage.setItem(AUTH_KEY, JSON.stringify({ accessToken: 'A1', refreshToken: 'R1', expiresAt: Date.now() + 900000, user }))
  setActivePinia(createPinia())
  configureAuth(httpAuthHooks(useAuthStore()))
}

import { vi } from 'vitest'

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

import { ApiError, NETWORK_MESSAGE, TIMEOUT_MESSAGE, UNREADABLE_MESSAGE, messageFor } from './errors.js'
import { deviceId } from '../lib/device.js'

/**
 * The HTTP layer: fetch with a timeout, the access token, one refresh-and-retry on 401, and problem+json turned
 * into an ApiError with a Chinese message. The auth store plugs itself in with configureAuth().
 */
let auth = null

/**
 * @param {{ token(): string|null, expiresSoon(): boolean, refreshAfter(token: string|null): Promise<string>,
 *           sessionExpired(err: ApiError): void }} hooks
 */
export function configureAuth(hooks) {
  auth = hooks
}

export const DEFAULT_TIMEOUT_MS = 20000

function retryAfterSeconds(headers) {
  const value = headers.get('retry-after')
  if (!value) return null
  const n = Number(value)
  if (Number.isFinite(n)) return n
  const at = Date.parse(value)
  return Number.isFinite(at) ? Math.max(0, Math.round((at - Date.now()) / 1000)) : null
}

/** The parsed JSON body (null when empty); `unreadable` when there is a body but it is not JSON. */
async function readBody(response) {
  if (response.status === 204) return { data: null, unreadable: false }
  const text = await response.text()
  if (!text) return { data: null, unreadable: false }
  try {
    return { data: JSON.parse(text), unreadable: false }
  } catch {
    return { data: null, unreadable: true }
  }
}

async function send(path, { method, body, contentType, as, token, timeout, signal }) {
  // a file (the console's Excel import) goes as is, with its own type; anything else as JSON
  const raw = typeof Blob !== 'undefined' && body instanceof Blob
  const headers = { Accept: as === 'blob' ? '*/*' : 'application/json, application/problem+json' }
  if (body !== undefined) headers['Content-Type'] = contentType ?? (raw ? body.type || 'application/octet-stream' : 'application/json')
  if (token) headers.Authorization = 'Bearer ' + token
  const device = deviceId()
  if (device) headers['X-Device-Id'] = device
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeout)
  const onAbort = () => controller.abort()
  signal?.addEventListener('abort', onAbort)
  const sentAt = Date.now()
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined || raw ? body : JSON.stringify(body),
      signal: controller.signal,
      credentials: 'same-origin',
    })
    const { data, unreadable } = as === 'blob' && response.ok ? { data: await response.blob(), unreadable: false } : await readBody(response)
    return { response, data, unreadable, sentAt, receivedAt: Date.now() }
  } catch (e) {
    if (signal?.aborted) throw e
    if (timedOut) throw new ApiError(TIMEOUT_MESSAGE, { network: true, timeout: true })
    throw new ApiError(NETWORK_MESSAGE, { network: true })
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

function toError(response, data) {
  const retryAfter = retryAfterSeconds(response.headers)
  const problem = data && typeof data === 'object' ? data : null
  return new ApiError(messageFor(response.status, problem, retryAfter), {
    status: response.status,
    type: problem?.type ? problem.type.slice(problem.type.lastIndexOf('/') + 1) : null,
    detail: problem?.detail ?? null,
    violations: problem?.violations ?? [],
    retryAfter,
  })
}

/**
 * Whether a failed refresh means the session is over (the refresh token refused). Network trouble, a timeout or a
 * server hiccup (5xx, 429) does not: the worker keeps the session (and the quiz) and the request fails retriably.
 */
function sessionIsOver(e) {
  return e instanceof ApiError && !e.retriable
}

/**
 * Sends a request and returns { data, status, headers, sentAt, receivedAt }.
 * Options: method, body (JSON, or a Blob/File sent as is), contentType (of a Blob body), as ('blob': the answer is a
 * file, returned as a Blob), auth (default true), timeout (ms), signal.
 */
export async function requestWithMeta(path, options = {}) {
  const { method = 'GET', body, contentType, as, timeout = DEFAULT_TIMEOUT_MS, signal } = options
  const useAuth = options.auth !== false && auth
  let token = null
  if (useAuth) {
    token = auth.token()
    if (token && auth.expiresSoon()) {
      try {
        token = await auth.refreshAfter(token)
      } catch (e) {
        if (!sessionIsOver(e)) throw e
        auth.sessionExpired(e)
        throw e
      }
    }
  }
  let sent = await send(path, { method, body, contentType, as, token, timeout, signal })
  if (sent.response.status === 401 && useAuth && token) {
    // single-flight: every request that failed with the same token waits for the one refresh
    let fresh
    try {
      fresh = await auth.refreshAfter(token)
    } catch (e) {
      if (!sessionIsOver(e)) throw e
      auth.sessionExpired(e)
      throw e
    }
    sent = await send(path, { method, body, contentType, as, token: fresh, timeout, signal })
    if (sent.response.status === 401) {
      const err = toError(sent.response, sent.data)
      auth.sessionExpired(err)
      throw err
    }
  }
  const { response, data, sentAt, receivedAt } = sent
  if (!response.ok) {
    const err = toError(response, data)
    if (response.status === 401 && useAuth) auth.sessionExpired(err)
    throw err
  }
  // e.g. a carrier's "data used up" page injected with 200: not an answer of the API, so never a success
  if (sent.unreadable) throw new ApiError(UNREADABLE_MESSAGE, { status: response.status, network: true })
  return { data, status: response.status, headers: response.headers, sentAt, receivedAt }
}

/** Sends a request and returns the parsed JSON body (null for 204). */
export async function request(path, options) {
  return (await requestWithMeta(path, options)).data
}

/** Query string from an object, skipping null and undefined values. */
export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')
  return entries.length ? '?' + new URLSearchParams(entries).toString() : ''
}

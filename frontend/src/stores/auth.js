import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/index.js'
import { ApiError } from '../api/errors.js'

export const AUTH_KEY = 'cg.auth'
/** Whose answers and results this phone keeps (the account id): a new login by the same worker keeps them. */
export const OWNER_KEY = 'cg.owner'
const LOCK_NAME = 'cg-refresh-token'
/** Refresh a little before the access token runs out, so a request on a slow network does not hit a 401. */
const EARLY_MS = 30000

function readStored() {
  try {
    const value = JSON.parse(localStorage.getItem(AUTH_KEY))
    return value && value.accessToken && value.refreshToken ? value : null
  } catch {
    return null
  }
}

/**
 * Everything the app keeps per user in localStorage: cleared on logout and when another worker logs in on this
 * phone, as another worker may use it. Not when the same worker logs in again after the session expired: the
 * answers of an attempt not yet submitted must survive that.
 */
function clearUserData() {
  localStorage.removeItem(OWNER_KEY)
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i)
    if (key && key.startsWith('cg.attempt.')) localStorage.removeItem(key)
  }
  try {
    sessionStorage.clear()
  } catch {
    /* private mode */
  }
}

/**
 * Login, tokens and the single-flight refresh. A refresh token is spent when used, and reusing a spent one revokes
 * every token of the account: so exactly one refresh runs at a time (shared by all concurrent 401s, and across
 * tabs through the Web Locks API where the browser has it), and the new pair is stored before anyone retries.
 */
export const useAuthStore = defineStore('auth', () => {
  const saved = readStored()
  const accessToken = ref(saved?.accessToken ?? null)
  const refreshToken = ref(saved?.refreshToken ?? null)
  const expiresAt = ref(saved?.expiresAt ?? 0)
  const user = ref(saved?.user ?? null)
  const signedIn = computed(() => !!(accessToken.value && refreshToken.value))
  if (saved?.user?.id != null) localStorage.setItem(OWNER_KEY, String(saved.user.id))

  let inFlight = null
  let expiredHandler = null

  function persist() {
    localStorage.setItem(AUTH_KEY, JSON.stringify({
      accessToken: accessToken.value,
      refreshToken: refreshToken.value,
      expiresAt: expiresAt.value,
      user: user.value,
    }))
    if (user.value?.id != null) localStorage.setItem(OWNER_KEY, String(user.value.id))
  }

  function setTokens(pair) {
    accessToken.value = pair.accessToken
    refreshToken.value = pair.refreshToken
    expiresAt.value = Date.now() + (pair.expiresIn ?? 900) * 1000
    if (pair.user) user.value = pair.user
    persist()
  }

  function setUser(profile) {
    user.value = profile
    if (signedIn.value) persist()
  }

  function clear() {
    accessToken.value = null
    refreshToken.value = null
    expiresAt.value = 0
    user.value = null
    localStorage.removeItem(AUTH_KEY)
  }

  async function login(phone, password) {
    const pair = await api.login(phone, password)
    const owner = localStorage.getItem(OWNER_KEY)
    if (owner === null || pair.user?.id == null || owner !== String(pair.user.id)) clearUserData()
    setTokens(pair)
    return pair.user
  }

  /** Another tab may have refreshed meanwhile: take its newer pair instead of spending ours a second time. */
  function adoptStored() {
    const stored = readStored()
    if (stored && stored.refreshToken !== refreshToken.value) {
      accessToken.value = stored.accessToken
      refreshToken.value = stored.refreshToken
      expiresAt.value = stored.expiresAt
      user.value = stored.user ?? user.value
      return true
    }
    return false
  }

  async function runRefresh() {
    if (adoptStored()) return accessToken.value
    const spent = refreshToken.value
    if (!spent) throw new ApiError('登录已过期，请重新登录', { status: 401, type: 'invalid-refresh-token' })
    const pair = await api.refresh(spent)
    setTokens(pair)
    return pair.accessToken
  }

  /** Refreshes once for everybody: concurrent callers share the same promise. Resolves to the new access token. */
  function refresh() {
    if (!inFlight) {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
      const run = locks?.request ? locks.request(LOCK_NAME, runRefresh) : runRefresh()
      inFlight = run.finally(() => {
        inFlight = null
      })
    }
    return inFlight
  }

  /** The token to retry with after `failedToken` was refused; refreshes only if nobody has done so already. */
  function refreshAfter(failedToken) {
    if (!inFlight && accessToken.value && failedToken !== accessToken.value) return Promise.resolve(accessToken.value)
    return refresh()
  }

  function expiresSoon() {
    return !!expiresAt.value && Date.now() > expiresAt.value - EARLY_MS
  }

  function onSessionExpired(handler) {
    expiredHandler = handler
  }

  function sessionExpired(error) {
    const wasSignedIn = signedIn.value
    clear()
    if (wasSignedIn) expiredHandler?.(error)
  }

  async function logout() {
    const token = refreshToken.value
    clear()
    clearUserData()
    if (token) {
      try {
        await api.logout(token)
      } catch {
        /* the token is forgotten here anyway; it expires on the server */
      }
    }
  }

  return {
    accessToken, refreshToken, expiresAt, user, signedIn,
    login, logout, refresh, refreshAfter, expiresSoon, setUser, setTokens, clear, sessionExpired, onSessionExpired,
  }
})

/** Plugs the store into the HTTP layer. */
export function httpAuthHooks(store) {
  return {
    token: () => store.accessToken,
    expiresSoon: () => store.expiresSoon(),
    refreshAfter: (token) => store.refreshAfter(token),
    sessionExpired: (error) => store.sessionExpired(error),
  }
}

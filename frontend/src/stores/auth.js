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

function readStored(storageKey) {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey))
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
    if (key && (key.startsWith('cg.attempt.') || key.startsWith('cg.contest-run.'))) localStorage.removeItem(key)
  }
  try {
    sessionStorage.clear()
  } catch {
    /* private mode */
  }
}

/** The phone app's user: remembers whose data the phone keeps, and forgets it when somebody else logs in. */
function rememberOwner(user) {
  if (user?.id != null) localStorage.setItem(OWNER_KEY, String(user.id))
}

function forgetOtherWorker(user) {
  const owner = localStorage.getItem(OWNER_KEY)
  if (owner === null || user?.id == null || owner !== String(user.id)) clearUserData()
}

/**
 * Defines a session store: login, tokens and the single-flight refresh. A refresh token is spent when used, and
 * reusing a spent one revokes every token of the account: so exactly one refresh runs at a time (shared by all
 * concurrent 401s, and across tabs through the Web Locks API where the browser has it), and the new pair is stored
 * before anyone retries.
 * The phone app and the trainers' console each have their own (storage key and lock), so that logging in or out of
 * one does not log the other in or out in the same browser.
 * @param {string} id the Pinia store id
 * @param {{ storageKey: string, lockName: string, remember?: (user) => void, beforeLogin?: (user) => void,
 *           forget?: () => void }} options remember: called with the user whenever the session is stored;
 *           beforeLogin: with the user who just logged in, before the session is stored; forget: after a logout
 */
export function defineSessionStore(id, { storageKey, lockName, remember = () => {}, beforeLogin = () => {}, forget = () => {} }) {
  return defineStore(id, () => {
    const saved = readStored(storageKey)
    const accessToken = ref(saved?.accessToken ?? null)
    const refreshToken = ref(saved?.refreshToken ?? null)
    const expiresAt = ref(saved?.expiresAt ?? 0)
    const user = ref(saved?.user ?? null)
    const signedIn = computed(() => !!(accessToken.value && refreshToken.value))
    if (saved?.user) remember(saved.user)

    let inFlight = null
    let expiredHandler = null

    function persist() {
      localStorage.setItem(storageKey, JSON.stringify({
        accessToken: accessToken.value,
        refreshToken: refreshToken.value,
        expiresAt: expiresAt.value,
        user: user.value,
      }))
      if (user.value) remember(user.value)
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
      localStorage.removeItem(storageKey)
    }

    async function login(phone, password) {
      const pair = await api.login(phone, password)
      beforeLogin(pair.user)
      setTokens(pair)
      return pair.user
    }

    /** Another tab may have refreshed meanwhile: take its newer pair instead of spending ours a second time. */
    function adoptStored() {
      const stored = readStored(storageKey)
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
        const run = locks?.request ? locks.request(lockName, runRefresh) : runRefresh()
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
      forget()
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
}

/** The workers' session on the phone. */
export const useAuthStore = defineSessionStore('auth', {
  storageKey: AUTH_KEY,
  lockName: LOCK_NAME,
  remember: rememberOwner,
  beforeLogin: forgetOtherWorker,
  forget: clearUserData,
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

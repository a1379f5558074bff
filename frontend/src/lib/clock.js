/**
 * The server's clock, seen from the phone. Phones are often minutes off; the countdown must follow the server,
 * which closes an attempt at expiresAt (plus a short grace).
 */

/**
 * Server time minus phone time, in ms. The server stamped `serverTime` somewhere between sending and receiving,
 * so the midpoint of the round trip is the best guess of the phone's time at that moment. Without a serverTime
 * the HTTP Date header (one-second resolution) serves; without either, 0.
 */
export function clockOffset({ serverTime, dateHeader, sentAt, receivedAt }) {
  const at = serverTime ? Date.parse(serverTime) : dateHeader ? Date.parse(dateHeader) : NaN
  if (!Number.isFinite(at) || !Number.isFinite(sentAt) || !Number.isFinite(receivedAt)) return 0
  return Math.round(at - (sentAt + receivedAt) / 2)
}

/** Milliseconds left until `expiresAt` (ISO) by the server's clock; negative once past. */
export function remainingMs(expiresAt, offset, now = Date.now()) {
  return Date.parse(expiresAt) - (now + offset)
}

/** "09:05" or, from an hour up, "1:02:03"; never negative. Rounds up so "00:00" means the time is really over. */
export function formatRemaining(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = String(m).padStart(2, '0')
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`
}

/** Longest delay setTimeout takes; a longer one would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1

/**
 * Ticks until expiresAt, recomputing from the clock each time (a throttled background tab cannot drift), and
 * calls onExpire exactly once at zero. Besides the ticks, one timer is set for the very moment of expiry (a hidden
 * tab may run a repeating timer only once a minute, later than the server's 30 s grace, but not a single timer), and
 * the clock is read again as soon as the page is shown (the phone woke up). Returns stop().
 */
export function startCountdown({ expiresAt, offset = 0, onTick, onExpire, now = () => Date.now(), interval = 500 }) {
  let expired = false
  let timer = null
  let atZero = null
  const doc = typeof document !== 'undefined' ? document : null
  const stop = () => {
    clearInterval(timer)
    clearTimeout(atZero)
    doc?.removeEventListener('visibilitychange', onVisible)
  }
  const tick = () => {
    if (expired) return
    const left = remainingMs(expiresAt, offset, now())
    onTick?.(Math.max(0, left))
    if (left <= 0) {
      expired = true
      stop()
      onExpire?.()
    }
  }
  function onVisible() {
    if (doc.visibilityState === 'visible') tick()
  }
  /** One timer for the moment of expiry; set again should it fire early (the phone's clock was put back). */
  function arm() {
    tick()
    const left = remainingMs(expiresAt, offset, now())
    if (!expired && Number.isFinite(left)) atZero = setTimeout(arm, Math.min(MAX_DELAY_MS, Math.max(0, left) + 20))
  }
  timer = setInterval(tick, interval)
  doc?.addEventListener('visibilitychange', onVisible)
  arm()
  return stop
}

import { afterEach, describe, expect, it, vi } from 'vitest'
import { clockOffset, formatRemaining, remainingMs, startCountdown } from '../src/lib/clock.js'

const SERVER_NOW = Date.parse('2026-11-26T04:00:00.000Z')

afterEach(() => vi.useRealTimers())

describe('clock offset', () => {
  it('is the server time minus the phone time at the middle of the round trip', () => {
    const phoneFast = SERVER_NOW + 5 * 60000
    const offset = clockOffset({ serverTime: new Date(SERVER_NOW).toISOString(), sentAt: phoneFast - 400, receivedAt: phoneFast + 400 })
    expect(offset).toBe(-5 * 60000)
  })

  it('falls back to the Date header, and to zero without any', () => {
    const phoneSlow = SERVER_NOW - 90000
    expect(clockOffset({ dateHeader: new Date(SERVER_NOW).toUTCString(), sentAt: phoneSlow, receivedAt: phoneSlow })).toBe(90000)
    expect(clockOffset({ sentAt: 1, receivedAt: 2 })).toBe(0)
  })
})

describe('remaining time', () => {
  it('follows the server clock when the phone clock is off', () => {
    const expiresAt = new Date(SERVER_NOW + 10 * 60000).toISOString()
    const phoneNow = SERVER_NOW + 5 * 60000 // phone 5 minutes fast
    const offset = -5 * 60000
    expect(remainingMs(expiresAt, offset, phoneNow)).toBe(10 * 60000)
    // without the correction the worker would lose half the time
    expect(remainingMs(expiresAt, 0, phoneNow)).toBe(5 * 60000)
  })

  it('is shown as mm:ss, rounded up, never negative', () => {
    expect(formatRemaining(600000)).toBe('10:00')
    expect(formatRemaining(59001)).toBe('01:00')
    expect(formatRemaining(500)).toBe('00:01')
    expect(formatRemaining(-3000)).toBe('00:00')
    expect(formatRemaining(3723000)).toBe('1:02:03')
  })
})

describe('countdown', () => {
  it('ticks down on the server clock and expires exactly once at zero', () => {
    vi.useFakeTimers()
    vi.setSystemTime(SERVER_NOW + 120000) // the phone is two minutes fast
    const ticks = []
    const onExpire = vi.fn()
    const stop = startCountdown({
      expiresAt: new Date(SERVER_NOW + 3000).toISOString(),
      offset: -120000,
      onTick: (ms) => ticks.push(formatRemaining(ms)),
      onExpire,
      interval: 1000,
    })
    expect(ticks[0]).toBe('00:03')
    vi.advanceTimersByTime(2000)
    expect(onExpire).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1000)
    expect(onExpire).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(5000)
    expect(onExpire).toHaveBeenCalledTimes(1)
    expect(ticks.at(-1)).toBe('00:00')
    stop()
  })

  it('expires on time in a hidden tab whose repeating timer runs only once a minute', () => {
    vi.useFakeTimers()
    vi.setSystemTime(SERVER_NOW)
    const onExpire = vi.fn()
    const stop = startCountdown({ expiresAt: new Date(SERVER_NOW + 3000).toISOString(), onExpire, interval: 60000 })
    vi.advanceTimersByTime(3100)
    expect(onExpire).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(120000)
    expect(onExpire).toHaveBeenCalledTimes(1)
    stop()
  })

  it('catches up as soon as the phone wakes up (page shown again), once', () => {
    vi.useFakeTimers()
    vi.setSystemTime(SERVER_NOW)
    const onExpire = vi.fn()
    const ticks = []
    const stop = startCountdown({ expiresAt: new Date(SERVER_NOW + 60000).toISOString(), onExpire, onTick: (ms) => ticks.push(ms), interval: 1000 })
    // asleep: no timer ran, the clock went on
    vi.setSystemTime(SERVER_NOW + 75000)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(onExpire).toHaveBeenCalledTimes(1)
    expect(ticks.at(-1)).toBe(0)
    document.dispatchEvent(new Event('visibilitychange'))
    vi.advanceTimersByTime(120000)
    expect(onExpire).toHaveBeenCalledTimes(1)
    stop()
  })

  it('stops listening when stopped', () => {
    vi.useFakeTimers()
    vi.setSystemTime(SERVER_NOW)
    const onExpire = vi.fn()
    const stop = startCountdown({ expiresAt: new Date(SERVER_NOW + 3000).toISOString(), onExpire })
    stop()
    vi.setSystemTime(SERVER_NOW + 10000)
    document.dispatchEvent(new Event('visibilitychange'))
    vi.advanceTimersByTime(10000)
    expect(onExpire).not.toHaveBeenCalled()
  })

  it('expires at once for a paper already out of time (reload after the limit)', () => {
    const onExpire = vi.fn()
    const stop = startCountdown({ expiresAt: new Date(Date.now() - 1000).toISOString(), onExpire })
    expect(onExpire).toHaveBeenCalledTimes(1)
    stop()
  })
})

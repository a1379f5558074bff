import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { myRunIds, runKey, savedRunResult, useContestRunStore } from '../src/stores/contestRun.js'
import { attemptKey } from '../src/stores/attempt.js'
import { AUTH_KEY, httpAuthHooks, useAuthStore } from '../src/stores/auth.js'
import { configureAuth } from '../src/api/http.js'
import { json, mockFetch } from './helpers.js'
import { contestRun, runScored } from './fixtures.js'

/** A fresh page: new Pinia, the session read back from localStorage. */
function reload() {
  setActivePinia(createPinia())
  configureAuth(httpAuthHooks(useAuthStore()))
  return useContestRunStore()
}

function saved(runId = 91) {
  return JSON.parse(localStorage.getItem(runKey(runId)))
}

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  localStorage.setItem(AUTH_KEY, JSON.stringify({ accessToken: 'A1', refreshToken: 'R1', expiresAt: Date.now() + 900000 }))
})
afterEach(() => vi.unstubAllGlobals())

describe('contest run answers', () => {
  it('are kept per run, apart from the attempts, and come back after a reload', () => {
    let store = reload()
    store.open(contestRun())
    store.select(11, ['D'])
    store.go(1)
    store.select(12, ['C', 'B'])
    expect(saved()).toMatchObject({ answers: { 11: ['D'], 12: ['C', 'B'] }, index: 1, pending: null })
    expect(localStorage.getItem(attemptKey(91))).toBeNull()

    store = reload()
    store.open(contestRun())
    expect(store.answerOf(11)).toEqual(['D'])
    expect(store.index).toBe(1)
    expect(store.answeredCount).toBe(2)
  })

  it('take the clock offset from the run\'s serverTime', () => {
    const store = reload()
    const phone = Date.now()
    store.open(contestRun({ serverTime: new Date(phone + 120000).toISOString() }), { sentAt: phone - 100, receivedAt: phone + 100 })
    expect(store.offset).toBe(120000)
  })

  it('remember the runs of each contest, for their review once final', () => {
    const store = reload()
    store.open(contestRun({ runId: 91 }))
    store.open(contestRun({ runId: 95 }))
    store.open(contestRun({ runId: 91 }))
    expect(myRunIds(3)).toEqual([91, 95])
    expect(myRunIds(4)).toEqual([])
  })
})

describe('contest run submission', () => {
  it('posts every question to the contest endpoint, keeps the score and forgets the answers', async () => {
    const calls = mockFetch(() => json(200, runScored()))
    const store = reload()
    store.open(contestRun())
    store.select(11, ['D'])
    store.select(12, ['C', 'B'])
    const result = await store.submit({ delays: [] })
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('/api/contests/3/runs/91/submission')
    expect(calls[0].body).toEqual({ answers: [
      { questionId: 11, selected: ['D'] },
      { questionId: 12, selected: ['B', 'C'] },
      { questionId: 13, selected: [] },
    ] })
    expect(result.score).toBe(67)
    expect(store.submitState).toBe('done')
    expect(localStorage.getItem(runKey(91))).toBeNull()
    expect(savedRunResult(91)).toMatchObject({ runId: 91, contestId: 3, score: 67 })
  })

  it('sends the same frozen answers again after a failure, also after a reload', async () => {
    let online = false
    const calls = mockFetch(() => (online ? json(200, runScored()) : Promise.reject(new TypeError('Failed to fetch'))))
    let store = reload()
    store.open(contestRun())
    store.select(11, ['A'])
    await expect(store.submit({ delays: [] })).rejects.toThrow()
    expect(store.submitState).toBe('failed')
    expect(saved().pending).not.toBeNull()

    store = reload()
    store.open(contestRun())
    expect(store.submitState).toBe('failed')
    expect(store.locked).toBe(true)
    store.select(11, ['B']) // locked: the frozen answers stay
    online = true
    await store.submit({ delays: [] })
    expect(calls).toHaveLength(2)
    expect(calls[1].rawBody).toBe(calls[0].rawBody)
    expect(store.submitState).toBe('done')
  })

  it('closes the run when the server says the time is over', async () => {
    mockFetch(() => json(409, { type: 'https://chuangguan.io/problems/attempt-timed-out', status: 409 }))
    const store = reload()
    store.open(contestRun())
    store.select(11, ['A'])
    await expect(store.submit({ delays: [] })).rejects.toThrow('答题时间已到')
    expect(store.submitState).toBe('timedout')
    expect(localStorage.getItem(runKey(91))).toBeNull()
  })

  it('does not take an empty answer for a result', async () => {
    mockFetch(() => json(200, {}))
    const store = reload()
    store.open(contestRun())
    await expect(store.submit({ delays: [] })).rejects.toThrow()
    expect(store.submitState).toBe('failed')
    expect(saved().pending).not.toBeNull()
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { attemptKey, savedResult, useAttemptStore } from '../src/stores/attempt.js'
import { AUTH_KEY, httpAuthHooks, useAuthStore } from '../src/stores/auth.js'
import { configureAuth } from '../src/api/http.js'
import { json, mockFetch } from './helpers.js'
import { paper, submission } from './fixtures.js'

/** A fresh page: new Pinia, the session read back from localStorage. */
function reload() {
  setActivePinia(createPinia())
  configureAuth(httpAuthHooks(useAuthStore()))
  return useAttemptStore()
}

function saved(id = 42) {
  return JSON.parse(localStorage.getItem(attemptKey(id)))
}

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  localStorage.setItem(AUTH_KEY, JSON.stringify({ accessToken: 'A1', refreshToken: 'R1', expiresAt: Date.now() + 900000 }))
})
afterEach(() => vi.unstubAllGlobals())

describe('answers', () => {
  it('are kept in localStorage per attempt as the worker answers', () => {
    const store = reload()
    store.open(paper())
    store.select(11, ['D'])
    store.go(1)
    store.select(12, ['C', 'B'])
    expect(saved()).toMatchObject({ answers: { 11: ['D'], 12: ['C', 'B'] }, index: 1, pending: null })
  })

  it('come back after a reload, on the question the worker was at', async () => {
    let store = reload()
    store.open(paper())
    store.select(11, ['D'])
    store.go(2)
    store.select(13, ['B'])

    mockFetch(() => json(200, paper()))
    store = reload()
    await store.load(42)
    expect(store.answerOf(11)).toEqual(['D'])
    expect(store.answerOf(13)).toEqual(['B'])
    expect(store.answerOf(12)).toEqual([])
    expect(store.index).toBe(2)
    expect(store.current.id).toBe(13)
    expect(store.answeredCount).toBe(2)
  })

  it('of another paper or of a closed attempt are not restored', async () => {
    localStorage.setItem(attemptKey(42), JSON.stringify({ answers: { 11: ['A'], 999: ['B'] }, index: 0, savedAt: Date.now() }))
    let store = reload()
    store.open(paper())
    expect(store.answers).toEqual({ 11: ['A'] })
    store = reload()
    store.open(paper({ status: 'SUBMITTED' }))
    expect(store.answers).toEqual({})
    expect(localStorage.getItem(attemptKey(42))).toBeNull()
  })
})

describe('submission payload', () => {
  it('lists every question in paper order with sorted keys, unanswered ones empty', () => {
    const store = reload()
    store.open(paper())
    store.select(12, ['D', 'B'])
    store.select(13, ['A'])
    expect(store.buildPayload()).toEqual({
      answers: [
        { questionId: 11, selected: [] },
        { questionId: 12, selected: ['B', 'D'] },
        { questionId: 13, selected: ['A'] },
      ],
    })
  })

  it('sends a fill-in question\'s texts per blank, and a blank of spaces leaves it unanswered', () => {
    const store = reload()
    const view = paper()
    view.questions = [...view.questions, { id: 14, type: 'FILL_BLANK', stem: '铁和___、___', options: [], blanks: 2 }]
    store.open(view)
    store.select(14, ['   '])
    expect(store.answeredCount).toBe(0)
    store.select(14, ['碳'])
    expect(store.answeredCount).toBe(1)
    expect(store.buildPayload().answers.at(-1)).toEqual({ questionId: 14, selected: [], filled: ['碳', ''] })
  })
})

describe('submit', () => {
  it('retries a failed submission with the same payload, showing the retry state, until it goes through', async () => {
    const store = reload()
    store.open(paper())
    store.select(11, ['D'])
    let failures = 2
    const calls = mockFetch(async () => {
      if (failures-- > 0) throw new TypeError('Failed to fetch')
      return json(200, submission())
    })
    const states = []
    store.$subscribe(() => states.push(store.submitState))
    const result = await store.submit({ delays: [5, 5, 5] })
    expect(result.score).toBe(67)
    expect(calls).toHaveLength(3)
    expect(new Set(calls.map((c) => c.rawBody)).size).toBe(1)
    expect(calls[0].url).toBe('/api/attempts/42/submission')
    expect(calls[0].body.answers[0]).toEqual({ questionId: 11, selected: ['D'] })
    expect(states).toContain('retrying')
    expect(store.submitState).toBe('done')
    expect(localStorage.getItem(attemptKey(42))).toBeNull()
    expect(savedResult(42).ranks.trade.week).toBe(3)
  })

  it('freezes the answers once submitted, and a reload retries the very same payload', async () => {
    let store = reload()
    store.open(paper())
    store.select(11, ['C'])
    const down = mockFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    await expect(store.submit({ delays: [] })).rejects.toThrow('网络连接失败')
    expect(store.submitState).toBe('failed')
    expect(store.submitError).toBe('网络连接失败，请检查网络后重试')
    store.select(11, ['A'])
    expect(store.answerOf(11)).toEqual(['C'])
    const frozen = down[0].rawBody

    const calls = mockFetch((call) => (call.method === 'GET' ? json(200, paper()) : json(200, submission())))
    store = reload()
    await store.load(42)
    expect(store.submitState).toBe('failed')
    expect(store.locked).toBe(true)
    await store.submit()
    expect(calls[1].rawBody).toBe(frozen)
    expect(store.submitState).toBe('done')
  })

  it('lets the worker cut the wait short with "retry now"', async () => {
    const store = reload()
    store.open(paper())
    let failures = 1
    const calls = mockFetch(async () => (failures-- > 0 ? json(503, {}) : json(200, submission())))
    const done = store.submit({ delays: [60000] })
    await vi.waitFor(() => expect(store.submitState).toBe('retrying'))
    expect(store.submitError).toContain('服务器暂时无法访问')
    store.retryNow()
    await done
    expect(calls).toHaveLength(2)
    expect(store.submitState).toBe('done')
  })

  it('sends one request when submit is called twice (auto-submit racing the button)', async () => {
    const store = reload()
    store.open(paper())
    const calls = mockFetch(() => json(200, submission()))
    await Promise.all([store.submit(), store.submit()])
    expect(calls).toHaveLength(1)
  })

  it('reports a late submission as timed out and forgets the answers', async () => {
    const store = reload()
    store.open(paper())
    store.select(11, ['D'])
    mockFetch(() => json(409, { type: 'https://chuangguan.io/problems/attempt-timed-out', status: 409 }))
    await expect(store.submit()).rejects.toThrow('答题时间已到')
    expect(store.submitState).toBe('timedout')
    expect(localStorage.getItem(attemptKey(42))).toBeNull()
  })

  it('does not take a 200 that is not the API\'s answer (a carrier\'s page) for a submission: keeps the answers and retries', async () => {
    const store = reload()
    store.open(paper())
    store.select(11, ['D'])
    let answer = () => new Response('<html><body>您的流量已用完</body></html>', { status: 200, headers: { 'content-type': 'text/html' } })
    const calls = mockFetch(() => answer())
    await expect(store.submit({ delays: [] })).rejects.toThrow('没有收到服务器的正常回应')
    expect(store.submitState).toBe('failed')
    expect(store.result).toBeNull()
    expect(saved().pending.answers[0]).toEqual({ questionId: 11, selected: ['D'] })

    answer = () => new Response(null, { status: 200 })
    await expect(store.submit({ delays: [] })).rejects.toThrow('没有收到服务器的正常回应')
    expect(saved().pending).not.toBeNull()

    answer = () => json(200, submission())
    await expect(store.submit({ delays: [] })).resolves.toMatchObject({ score: 67 })
    expect(new Set(calls.map((c) => c.rawBody)).size).toBe(1)
    expect(store.submitState).toBe('done')
  })

  it('does not retry answers that do not fit the paper', async () => {
    const store = reload()
    store.open(paper())
    const calls = mockFetch(() => json(422, { type: 'https://chuangguan.io/problems/unprocessable', status: 422 }))
    await expect(store.submit({ delays: [1, 1] })).rejects.toThrow('提交的答案与试卷不符')
    expect(calls).toHaveLength(1)
    expect(store.submitState).toBe('error')
  })
})

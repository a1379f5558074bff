import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/index.js'
import { ApiError, UNREADABLE_MESSAGE } from '../api/errors.js'
import { clockOffset } from '../lib/clock.js'

const PREFIX = 'cg.attempt.'
const RESULT_PREFIX = 'cg.result.'
/** Answers of an attempt never submitted are dropped after two days. */
const KEEP_MS = 2 * 24 * 3600 * 1000
/** Waits between automatic retries of a failed submission; then the worker retries by hand. */

/** A question counts as answered once an option is chosen or a blank holds more than spaces. */
function isAnswered(value) {
  return (value ?? []).some((v) => typeof v === 'string' && v.trim() !== '')
}

export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000]

export function attemptKey(id) {
  return PREFIX + id
}

function readSaved(id) {
  try {
    return JSON.parse(localStorage.getItem(attemptKey(id))) || null
  } catch {
    return null
  }
}

function pruneOld(now = Date.now()) {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i)
    if (!key || !key.startsWith(PREFIX)) continue
    try {
      const v = JSON.parse(localStorage.getItem(key))
      if (!v || now - (v.savedAt ?? 0) > KEEP_MS) localStorage.removeItem(key)
    } catch {
      localStorage.removeItem(key)
    }
  }
}

/** The submission response (with ranks) survives a reload of the result page. */
export function savedResult(id) {
  try {
    return JSON.parse(sessionStorage.getItem(RESULT_PREFIX + id)) || null
  } catch {
    return null
  }
}

function saveResult(result) {
  try {
    sessionStorage.setItem(RESULT_PREFIX + result.attemptId, JSON.stringify(result))
  } catch {
    /* private mode or full: the result page reads the attempt instead */
  }
}

/**
 * The attempt being taken: the paper, the answers (kept in localStorage per attempt until submitted, so a reload
 * or a crash loses nothing), the server clock offset and the submission with safe retries. Once the worker
 * submits, the payload is frozen and stored: every retry, even after a reload, sends exactly the same answers
 * (the server answers a repeat with the first result).
 */
export const useAttemptStore = defineStore('attempt', () => {
  const attempt = ref(null)
  const answers = ref({})
  const index = ref(0)
  const offset = ref(0)
  const pending = ref(null)
  /** idle | submitting | retrying | failed | done | timedout | error */
  const submitState = ref('idle')
  const submitError = ref(null)
  const retryCount = ref(0)
  const result = ref(null)

  let submitting = null
  let wake = null

  const questions = computed(() => attempt.value?.questions ?? [])
  const total = computed(() => questions.value.length)
  const current = computed(() => questions.value[index.value] ?? null)
  const answeredCount = computed(() => questions.value.filter((q) => isAnswered(answers.value[q.id])).length)
  const locked = computed(() => pending.value !== null || submitState.value === 'done')

  function persist() {
    if (!attempt.value) return
    localStorage.setItem(attemptKey(attempt.value.attemptId), JSON.stringify({
      answers: answers.value,
      index: index.value,
      pending: pending.value,
      savedAt: Date.now(),
    }))
  }

  function forget(id) {
    localStorage.removeItem(attemptKey(id))
  }

  /** Takes a paper from the server (start or reload) and restores what was answered before on this phone. */
  function open(view, meta = {}) {
    pruneOld()
    attempt.value = view
    offset.value = clockOffset({
      serverTime: view.serverTime,
      dateHeader: meta.headers?.get?.('date'),
      sentAt: meta.sentAt,
      receivedAt: meta.receivedAt,
    })
    result.value = null
    submitError.value = null
    retryCount.value = 0
    submitting = null
    const saved = view.status === 'OPEN' ? readSaved(view.attemptId) : null
    const ids = new Set(view.questions.map((q) => q.id))
    const restored = {}
    for (const [qid, keys] of Object.entries(saved?.answers ?? {})) {
      if (ids.has(Number(qid)) && Array.isArray(keys)) restored[qid] = keys
    }
    answers.value = restored
    index.value = Math.min(Math.max(0, saved?.index ?? 0), Math.max(0, view.questions.length - 1))
    pending.value = saved?.pending ?? null
    submitState.value = pending.value ? 'failed' : 'idle'
    if (view.status !== 'OPEN') forget(view.attemptId)
    return view
  }

  async function load(id) {
    const { data, headers, sentAt, receivedAt } = await api.attempt(id)
    return open(data, { headers, sentAt, receivedAt })
  }

  async function start(levelId, mode) {
    const { data, headers, sentAt, receivedAt } = await api.startAttempt(levelId, mode)
    return open(data, { headers, sentAt, receivedAt })
  }

  async function startWrongBook(options) {
    const { data, headers, sentAt, receivedAt } = await api.practiseWrongAnswers(options)
    return open(data, { headers, sentAt, receivedAt })
  }

  function answerOf(questionId) {
    return answers.value[questionId] ?? []
  }

  function select(questionId, keys) {
    if (locked.value) return
    answers.value = { ...answers.value, [questionId]: [...keys] }
    persist()
  }

  function go(i) {
    if (i < 0 || i >= total.value) return
    index.value = i
    persist()
  }

  /**
   * Every question of the paper in order, keys sorted; an unanswered one goes as an empty list. A FILL_BLANK question
   * sends its texts, one per blank, in `filled`.
   */
  function buildPayload() {
    return {
      answers: questions.value.map((q) =>
        q.type === 'FILL_BLANK'
          ? { questionId: q.id, selected: [], filled: Array.from({ length: q.blanks ?? 0 }, (_, i) => answerOf(q.id)[i] ?? '') }
          : { questionId: q.id, selected: [...answerOf(q.id)].sort() },
      ),
    }
  }

  function wait(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })
  }

  /** Cuts the wait before the next automatic retry short ("重试" tapped). */
  function retryNow() {
    if (wake) wake()
    else if (!submitting && pending.value) return submit()
    return submitting
  }

  async function run(delays) {
    const { attemptId: id, levelId } = attempt.value
    let failures = 0
    for (;;) {
      submitState.value = 'submitting'
      try {
        const response = await api.submit(id, pending.value)
        // only a real result ends the submission: an empty answer keeps the answers and is retried
        if (typeof response?.score !== 'number') throw new ApiError(UNREADABLE_MESSAGE, { network: true })
        result.value = response
        submitState.value = 'done'
        submitError.value = null
        pending.value = null
        forget(id)
        saveResult({ ...response, levelId: levelId ?? null })
        return response
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError('提交失败，请重试', { network: true })
        submitError.value = err.message
        if (err.retriable && failures < delays.length) {
          retryCount.value = ++failures
          submitState.value = 'retrying'
          await wait(delays[failures - 1])
          continue
        }
        if (err.retriable) {
          submitState.value = 'failed'
        } else if (err.type === 'attempt-timed-out') {
          submitState.value = 'timedout'
          pending.value = null
          forget(id)
        } else {
          submitState.value = 'error'
        }
        throw err
      }
    }
  }

  /**
   * Submits the attempt: freezes the payload on the first call and sends that very payload on every retry.
   * Network failures and server hiccups are retried automatically (state "retrying"), then by hand ("failed").
   */
  function submit({ delays = RETRY_DELAYS_MS } = {}) {
    if (submitting) return submitting
    if (!attempt.value) return Promise.reject(new Error('no attempt'))
    if (submitState.value === 'done' && result.value) return Promise.resolve(result.value)
    if (!pending.value) pending.value = buildPayload()
    persist()
    retryCount.value = 0
    submitting = run(delays).finally(() => {
      submitting = null
    })
    return submitting
  }

  function reset() {
    attempt.value = null
    answers.value = {}
    index.value = 0
    pending.value = null
    submitState.value = 'idle'
    submitError.value = null
    result.value = null
    submitting = null
  }

  return {
    attempt, answers, index, offset, pending, submitState, submitError, retryCount, result,
    questions, total, current, answeredCount, locked,
    open, load, start, startWrongBook, answerOf, select, go, buildPayload, submit, retryNow, reset,
  }
})

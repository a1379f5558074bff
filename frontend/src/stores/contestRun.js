import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { contestApi } from '../api/contests.js'
import { ApiError, UNREADABLE_MESSAGE } from '../api/errors.js'
import { clockOffset } from '../lib/clock.js'
import { RETRY_DELAYS_MS } from './attempt.js'

const PREFIX = 'cg.contest-run.'
/** The runs this phone has seen per contest, for their review once the contest is final (kept, not pruned). */
const LIST_PREFIX = PREFIX + 'list.'
const RESULT_PREFIX = 'cg.contest-result.'
/** Answers of a run never submitted are dropped after two days. */
const KEEP_MS = 2 * 24 * 3600 * 1000

/** A question counts as answered once an option is chosen or a blank holds more than spaces. */
function isAnswered(value) {
  return (value ?? []).some((v) => typeof v === 'string' && v.trim() !== '')
}

export function runKey(runId) {
  return PREFIX + runId
}

function readSaved(runId) {
  try {
    return JSON.parse(localStorage.getItem(runKey(runId))) || null
  } catch {
    return null
  }
}

function pruneOld(now = Date.now()) {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i)
    if (!key || !key.startsWith(PREFIX) || key.startsWith(LIST_PREFIX)) continue
    try {
      const v = JSON.parse(localStorage.getItem(key))
      if (!v || now - (v.savedAt ?? 0) > KEEP_MS) localStorage.removeItem(key)
    } catch {
      localStorage.removeItem(key)
    }
  }
}

/** The ids of my runs of a contest that this phone has seen, oldest first. */
export function myRunIds(contestId) {
  try {
    const ids = JSON.parse(localStorage.getItem(LIST_PREFIX + contestId))
    return Array.isArray(ids) ? ids.filter((x) => Number.isInteger(x)) : []
  } catch {
    return []
  }
}

function rememberRun(contestId, runId) {
  if (contestId == null || runId == null) return
  const ids = myRunIds(contestId)
  if (ids.includes(runId)) return
  try {
    localStorage.setItem(LIST_PREFIX + contestId, JSON.stringify([...ids, runId].sort((a, b) => a - b)))
  } catch {
    /* storage full: the review is only reachable right after the submission */
  }
}

/** The submission's answer (the score) survives a reload of the result page, and a weak network right after it. */
export function savedRunResult(runId) {
  try {
    return JSON.parse(sessionStorage.getItem(RESULT_PREFIX + runId)) || null
  } catch {
    return null
  }
}

function saveResult(result) {
  try {
    sessionStorage.setItem(RESULT_PREFIX + result.runId, JSON.stringify(result))
  } catch {
    /* private mode or full: the result page reads the run instead */
  }
}

/**
 * The contest run being taken: like the attempt store (stores/attempt.js), with the contest's endpoints. The paper,
 * the answers (kept in localStorage per run until submitted: a reload or a crash loses nothing), the server clock
 * offset, and the submission with safe retries: once the worker submits, the payload is frozen and stored, and every
 * retry, even after a reload, sends exactly the same answers (the server answers a repeat with the first result).
 */
export const useContestRunStore = defineStore('contestRun', () => {
  const run = ref(null)
  /** Contests' names by id, for the run screen's title: set by the contest page that opens the run. */
  const contestNames = ref({})
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

  const questions = computed(() => run.value?.questions ?? [])
  const total = computed(() => questions.value.length)
  const current = computed(() => questions.value[index.value] ?? null)
  const answeredCount = computed(() => questions.value.filter((q) => isAnswered(answers.value[q.id])).length)
  const locked = computed(() => pending.value !== null || submitState.value === 'done')

  function persist() {
    if (!run.value) return
    localStorage.setItem(runKey(run.value.runId), JSON.stringify({
      answers: answers.value,
      index: index.value,
      pending: pending.value,
      savedAt: Date.now(),
    }))
  }

  function forget(runId) {
    localStorage.removeItem(runKey(runId))
  }

  /** Takes a run from the server (start or reload) and restores what was answered before on this phone. */
  function open(view, meta = {}) {
    pruneOld()
    rememberRun(view.contestId, view.runId)
    run.value = view
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
    const qs = view.questions ?? []
    const saved = view.status === 'OPEN' ? readSaved(view.runId) : null
    const ids = new Set(qs.map((q) => q.id))
    const restored = {}
    for (const [qid, keys] of Object.entries(saved?.answers ?? {})) {
      if (ids.has(Number(qid)) && Array.isArray(keys)) restored[qid] = keys
    }
    answers.value = restored
    index.value = Math.min(Math.max(0, saved?.index ?? 0), Math.max(0, qs.length - 1))
    pending.value = saved?.pending ?? null
    submitState.value = pending.value ? 'failed' : 'idle'
    if (view.status !== 'OPEN') forget(view.runId)
    return view
  }

  async function load(contestId, runId) {
    const { data, headers, sentAt, receivedAt } = await contestApi.run(contestId, runId)
    return open(data, { headers, sentAt, receivedAt })
  }

  /** Starts a run of the contest, or takes back my open one (the server hands it back). */
  async function start(contestId) {
    const { data, headers, sentAt, receivedAt } = await contestApi.startRun(contestId)
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

  /** Every question of the paper in order, keys sorted; a FILL_BLANK question sends its texts in `filled`. */
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

  /** Cuts the wait before the next automatic retry short ("立即重试" tapped). */
  function retryNow() {
    if (wake) wake()
    else if (!submitting && pending.value) return submit()
    return submitting
  }

  async function send(delays) {
    const { runId, contestId } = run.value
    let failures = 0
    for (;;) {
      submitState.value = 'submitting'
      try {
        const response = await contestApi.submitRun(contestId, runId, pending.value)
        // only a real result ends the submission: an empty answer keeps the answers and is retried
        if (typeof response?.score !== 'number') throw new ApiError(UNREADABLE_MESSAGE, { network: true })
        result.value = response
        submitState.value = 'done'
        submitError.value = null
        pending.value = null
        forget(runId)
        saveResult({ ...response, runId: response.runId ?? runId, contestId: response.contestId ?? contestId })
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
          forget(runId)
        } else {
          submitState.value = 'error'
        }
        throw err
      }
    }
  }

  /**
   * Submits the run: freezes the payload on the first call and sends that very payload on every retry. Network
   * failures and server hiccups are retried automatically (state "retrying"), then by hand ("failed").
   */
  function submit({ delays = RETRY_DELAYS_MS } = {}) {
    if (submitting) return submitting
    if (!run.value) return Promise.reject(new Error('no run'))
    if (submitState.value === 'done' && result.value) return Promise.resolve(result.value)
    if (!pending.value) pending.value = buildPayload()
    persist()
    retryCount.value = 0
    submitting = send(delays).finally(() => {
      submitting = null
    })
    return submitting
  }

  function reset() {
    run.value = null
    answers.value = {}
    index.value = 0
    pending.value = null
    submitState.value = 'idle'
    submitError.value = null
    result.value = null
    submitting = null
  }

  return {
    run, contestNames, answers, index, offset, pending, submitState, submitError, retryCount, result,
    questions, total, current, answeredCount, locked,
    open, load, start, answerOf, select, go, buildPayload, submit, retryNow, reset,
  }
})

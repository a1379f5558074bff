import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, UNREADABLE_MESSAGE } from '../api/errors.js'
import { clockOffset } from '../lib/clock.js'

/** Answers of a paper never submitted are dropped after two days. */
const KEEP_MS = 2 * 24 * 3600 * 1000

/** Waits between automatic retries of a failed submission; then the worker retries by hand. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000]

/** A question counts as answered once an option is chosen or a blank holds more than spaces. */
function isAnswered(value) {
  return (value ?? []).some((v) => typeof v === 'string' && v.trim() !== '')
}

function readJson(storage, key) {
  try {
    return JSON.parse(storage.getItem(key)) || null
  } catch {
    return null
  }
}

/**
 * A store for a paper being taken (a level attempt, a contest run): the paper, the answers (kept in localStorage per
 * paper until submitted, so a reload or a crash loses nothing), the server clock offset and the submission with safe
 * retries. Once the worker submits, the payload is frozen and stored: every retry, even after a reload, sends exactly
 * the same answers (the server answers a repeat with the first result).
 *
 * Options: `paperName`, the state holding the paper ('attempt', 'run'); `storagePrefix` of the saved answers and
 * `keepPrefix`, keys under it that the pruning of stale answers leaves alone; `resultPrefix` of the saved submission
 * results; `idOf(paper or result)`; `onOpen(paper)`; `send(paper, payload)` posts the submission; `resultOf(response,
 * paper)`, what is kept for the result page; `extend({ openFrom })` adds the store's own state and actions, where
 * `openFrom(request)` opens the paper that a request with timing (requestWithMeta) answers.
 *
 * Returns `useStore`, `keyOf(id)` (the localStorage key of the answers) and `savedResult(id)`.
 */
export function definePaperRunStore(id, { paperName, storagePrefix, keepPrefix, resultPrefix, idOf, onOpen, send, resultOf, extend }) {
  const keyOf = (paperId) => storagePrefix + paperId

  function pruneOld(now = Date.now()) {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i)
      if (!key || !key.startsWith(storagePrefix) || (keepPrefix && key.startsWith(keepPrefix))) continue
      try {
        const v = JSON.parse(localStorage.getItem(key))
        if (!v || now - (v.savedAt ?? 0) > KEEP_MS) localStorage.removeItem(key)
      } catch {
        localStorage.removeItem(key)
      }
    }
  }

  /** The submission's answer survives a reload of the result page, and a weak network right after it. */
  function savedResult(paperId) {
    return readJson(sessionStorage, resultPrefix + paperId)
  }

  function saveResult(result) {
    try {
      sessionStorage.setItem(resultPrefix + idOf(result), JSON.stringify(result))
    } catch {
      /* private mode or full: the result page reads the paper instead */
    }
  }

  const useStore = defineStore(id, () => {
    const paper = ref(null)
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

    const questions = computed(() => paper.value?.questions ?? [])
    const total = computed(() => questions.value.length)
    const current = computed(() => questions.value[index.value] ?? null)
    const answeredCount = computed(() => questions.value.filter((q) => isAnswered(answers.value[q.id])).length)
    const locked = computed(() => pending.value !== null || submitState.value === 'done')

    function persist() {
      if (!paper.value) return
      localStorage.setItem(keyOf(idOf(paper.value)), JSON.stringify({
        answers: answers.value,
        index: index.value,
        pending: pending.value,
        savedAt: Date.now(),
      }))
    }

    function forget(paperId) {
      localStorage.removeItem(keyOf(paperId))
    }

    /** Takes a paper from the server (start or reload) and restores what was answered before on this phone. */
    function open(view, meta = {}) {
      pruneOld()
      onOpen?.(view)
      paper.value = view
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
      const saved = view.status === 'OPEN' ? readJson(localStorage, keyOf(idOf(view))) : null
      const ids = new Set(qs.map((q) => q.id))
      const restored = {}
      for (const [qid, keys] of Object.entries(saved?.answers ?? {})) {
        if (ids.has(Number(qid)) && Array.isArray(keys)) restored[qid] = keys
      }
      answers.value = restored
      index.value = Math.min(Math.max(0, saved?.index ?? 0), Math.max(0, qs.length - 1))
      pending.value = saved?.pending ?? null
      submitState.value = pending.value ? 'failed' : 'idle'
      if (view.status !== 'OPEN') forget(idOf(view))
      return view
    }

    async function openFrom(request) {
      const { data, headers, sentAt, receivedAt } = await request
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
     * Every question of the paper in order, keys sorted; an unanswered one goes as an empty list. A FILL_BLANK
     * question sends its texts, one per blank, in `filled`.
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

    /** Cuts the wait before the next automatic retry short ("立即重试" tapped). */
    function retryNow() {
      if (wake) wake()
      else if (!submitting && pending.value) return submit()
      return submitting
    }

    async function run(delays) {
      const view = paper.value
      let failures = 0
      for (;;) {
        submitState.value = 'submitting'
        try {
          const response = await send(view, pending.value)
          // only a real result ends the submission: an empty answer keeps the answers and is retried
          if (typeof response?.score !== 'number') throw new ApiError(UNREADABLE_MESSAGE, { network: true })
          result.value = response
          submitState.value = 'done'
          submitError.value = null
          pending.value = null
          forget(idOf(view))
          saveResult(resultOf(response, view))
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
            forget(idOf(view))
          } else {
            submitState.value = 'error'
          }
          throw err
        }
      }
    }

    /**
     * Submits the paper: freezes the payload on the first call and sends that very payload on every retry.
     * Network failures and server hiccups are retried automatically (state "retrying"), then by hand ("failed").
     */
    function submit({ delays = RETRY_DELAYS_MS } = {}) {
      if (submitting) return submitting
      if (!paper.value) return Promise.reject(new Error('no ' + paperName))
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
      paper.value = null
      answers.value = {}
      index.value = 0
      pending.value = null
      submitState.value = 'idle'
      submitError.value = null
      result.value = null
      submitting = null
    }

    return {
      [paperName]: paper, answers, index, offset, pending, submitState, submitError, retryCount, result,
      questions, total, current, answeredCount, locked,
      open, answerOf, select, go, buildPayload, submit, retryNow, reset,
      ...extend({ openFrom }),
    }
  })

  return { useStore, keyOf, savedResult }
}

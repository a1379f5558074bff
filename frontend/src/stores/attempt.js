import { api } from '../api/index.js'
import { definePaperRunStore } from './paperRun.js'

export { RETRY_DELAYS_MS } from './paperRun.js'

/** The level attempt being taken (see stores/paperRun.js), started from the map or the wrong-answer book. */
const attempts = definePaperRunStore('attempt', {
  paperName: 'attempt',
  storagePrefix: 'cg.attempt.',
  resultPrefix: 'cg.result.',
  idOf: (view) => view.attemptId,
  send: (view, payload) => api.submit(view.attemptId, payload),
  // the result page names the level and starts it again from it when the attempt cannot be read
  resultOf: (response, view) => ({ ...response, levelId: view.levelId ?? null }),
  extend: ({ openFrom }) => ({
    load: (id) => openFrom(api.attempt(id)),
    start: (levelId, mode) => openFrom(api.startAttempt(levelId, mode)),
    startWrongBook: (options) => openFrom(api.practiseWrongAnswers(options)),
  }),
})

export const useAttemptStore = attempts.useStore
export const attemptKey = attempts.keyOf
/** The submission response (with ranks) survives a reload of the result page. */
export const savedResult = attempts.savedResult

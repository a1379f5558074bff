import { ref } from 'vue'
import { contestApi } from '../api/contests.js'
import { definePaperRunStore } from './paperRun.js'

const PREFIX = 'cg.contest-run.'
/** The runs this phone has seen per contest, for their review once the contest is final (kept, not pruned). */
const LIST_PREFIX = PREFIX + 'list.'

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

/** The contest run being taken: a paper like an attempt's (see stores/paperRun.js), with the contest's endpoints. */
const runs = definePaperRunStore('contestRun', {
  paperName: 'run',
  storagePrefix: PREFIX,
  keepPrefix: LIST_PREFIX,
  resultPrefix: 'cg.contest-result.',
  idOf: (view) => view.runId,
  onOpen: (view) => rememberRun(view.contestId, view.runId),
  send: (view, payload) => contestApi.submitRun(view.contestId, view.runId, payload),
  resultOf: (response, view) => ({ ...response, runId: response.runId ?? view.runId, contestId: response.contestId ?? view.contestId }),
  extend: ({ openFrom }) => ({
    /** Contests' names by id, for the run screen's title: set by the contest page that opens the run. */
    contestNames: ref({}),
    load: (contestId, runId) => openFrom(contestApi.run(contestId, runId)),
    /** Starts a run of the contest, or takes back my open one (the server hands it back). */
    start: (contestId) => openFrom(contestApi.startRun(contestId)),
  }),
})

export const useContestRunStore = runs.useStore
export const runKey = runs.keyOf
export const savedRunResult = runs.savedResult

import { request, requestWithMeta, query } from './http.js'

/**
 * The worker's contest endpoints (技能竞赛), one function each. Those whose answer carries a `serverTime` (a contest,
 * a run, a started practice) come with their timing ({ data, headers, sentAt, receivedAt }) for the clock offset:
 * countdowns follow the server's clock, never the phone's.
 */
export const contestApi = {
  /** The contests open to me, each with my part in it (`mine`). */
  list: () => requestWithMeta('/api/contests'),
  contest: (id) => requestWithMeta(`/api/contests/${id}`),
  /** Registers me (an INDIVIDUAL contest while registration is open) → the contest. */
  register: (id) => requestWithMeta(`/api/contests/${id}/registrations`, { method: 'POST' }),

  /** 201 a new run, 200 my open run. */
  startRun: (id) => requestWithMeta(`/api/contests/${id}/runs`, { method: 'POST' }),
  run: (id, runId) => requestWithMeta(`/api/contests/${id}/runs/${runId}`),
  submitRun: (id, runId, payload) =>
    request(`/api/contests/${id}/runs/${runId}/submission`, { method: 'POST', body: payload, timeout: 30000 }),

  board: (id, size = 50) => request(`/api/contests/${id}/board` + query({ size })),
  draw: (id) => request(`/api/contests/${id}/draw`),
  results: (id) => request(`/api/contests/${id}/results`),

  /** 201 an ordinary practice attempt (played in the quiz screen) on the knowledge points I got wrong. */
  followUp: (id) => requestWithMeta(`/api/contests/${id}/follow-up`, { method: 'POST' }),
}

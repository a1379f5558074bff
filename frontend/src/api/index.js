import { request, requestWithMeta, query } from './http.js'

/** The backend's endpoints, one function each. */
export const api = {
  login: (phone, password) => request('/api/auth/login', { method: 'POST', body: { phone, password }, auth: false }),
  refresh: (refreshToken) => request('/api/auth/refresh', { method: 'POST', body: { refreshToken }, auth: false }),
  logout: (refreshToken) =>
    request('/api/auth/logout', { method: 'POST', body: { refreshToken }, auth: false, timeout: 5000 }),

  me: () => request('/api/me'),
  skillGrades: () => request('/api/skill-grades'),
  levels: (tradeId) => request(`/api/trades/${tradeId}/levels`),

  /** 201 a new paper, 200 the open CHALLENGE; with timing for the clock offset. */
  startAttempt: (levelId, mode) =>
    requestWithMeta(`/api/levels/${levelId}/attempts`, { method: 'POST', body: { mode } }),
  attempt: (id) => requestWithMeta(`/api/attempts/${id}`),
  submit: (id, payload) =>
    request(`/api/attempts/${id}/submission`, { method: 'POST', body: payload, timeout: 30000 }),
  myAttempts: (page = 0, size = 20) => request('/api/me/attempts' + query({ page, size })),

  wrongAnswers: ({ tradeId, status = 'OPEN', page = 0, size = 100 } = {}) =>
    request('/api/me/wrong-answers' + query({ tradeId, status, page, size })),
  practiseWrongAnswers: ({ knowledgePoint, count } = {}) =>
    requestWithMeta('/api/me/wrong-answers/practice', { method: 'POST', body: { knowledgePoint, count } }),

  board: (scope, period, { offset = 0, limit = 50, scopeId } = {}) =>
    request(`/api/leaderboards/${scope}/${period}` + query({ scopeId, offset, limit })),
  myPlace: (scope, period, around = 5) => request(`/api/leaderboards/${scope}/${period}/me` + query({ around })),

  eligibility: (tradeId) => request('/api/me/promotion-eligibility' + query({ tradeId })),
  apply: (tradeId) => request('/api/promotion-applications', { method: 'POST', body: { tradeId } }),
  promotions: () => request('/api/me/promotions'),

  /** The union's notices to me -> { unread, items: [{ id, title, body, link, sentAt, from, read }] } */
  notices: () => request('/api/me/notices'),
  readNotice: (id) => request(`/api/me/notices/${id}/read`, { method: 'POST' }),
}

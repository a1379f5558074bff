import { request, requestWithMeta, query } from '../api/http.js'

/** The .xlsx type the import endpoints expect; a File picked on a machine without Office may carry no type at all. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** A GIFT (Moodle) file goes to the same import endpoints as text, always sent as UTF-8 (see lib/gift.js). */
export const GIFT_TYPE = 'text/plain; charset=UTF-8'
/** Reading a sheet of some thousand rows takes the server longer than a JSON call. */
const FILE_TIMEOUT_MS = 120000

/** The file name of a download, from Content-Disposition (RFC 5987 `filename*` first), else `fallback`. */
export function fileNameOf(headers, fallback) {
  const disposition = headers?.get?.('content-disposition') ?? ''
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* a malformed name: take the plain one */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)
  return plain ? plain[1].trim() : fallback
}

async function download(path, fallbackName, options = {}) {
  const { data, headers } = await requestWithMeta(path, { as: 'blob', timeout: FILE_TIMEOUT_MS, ...options })
  return { blob: data, fileName: fileNameOf(headers, fallbackName) }
}

/** An import's body: the .xlsx File as picked, or the GIFT text as a UTF-8 Blob; `type` says which. */
const upload = (body, type = XLSX_TYPE) => ({ method: 'POST', body, contentType: type, timeout: FILE_TIMEOUT_MS })

/** The question-bank endpoints of the console (contract: /tmp/notes/console-api.md), one function each. */
export const consoleApi = {
  me: () => request('/api/me'),
  industries: () => request('/api/industries'),
  skillGrades: () => request('/api/skill-grades'),

  /** params: status, grade, difficulty, type, pool, knowledgePoint (name), author, q, flagged, sort, page, size */
  questions: (tradeId, params) => request(`/api/trades/${tradeId}/questions` + query(params)),
  question: (id) => request(`/api/questions/${id}`),
  audit: (id) => request(`/api/questions/${id}/audit`),
  /** submit: created straight into review (one call, so a failed submit leaves no stray draft). */
  createQuestion: (tradeId, draft, { submit = false } = {}) =>
    request(`/api/trades/${tradeId}/questions` + query({ submit: submit || undefined }), { method: 'POST', body: draft }),
  saveDraft: (id, draft) => request(`/api/questions/${id}/draft`, { method: 'PUT', body: draft }),
  submit: (id) => request(`/api/questions/${id}/submit`, { method: 'POST' }),
  review: (id, decision, comment) =>
    request(`/api/questions/${id}/review`, { method: 'POST', body: { decision, comment: comment || null } }),
  retire: (id) => request(`/api/questions/${id}/retire`, { method: 'POST' }),
  submitAll: (ids) => request('/api/question-batches/submit', { method: 'POST', body: { ids } }),
  reviewAll: (ids, decision, comment) =>
    request('/api/question-batches/review', { method: 'POST', body: { ids, decision, comment: comment || null } }),

  knowledgePoints: (tradeId) => request(`/api/trades/${tradeId}/knowledge-points`),
  createKnowledgePoint: (tradeId, name) => request(`/api/trades/${tradeId}/knowledge-points`, { method: 'POST', body: { name } }),
  renameKnowledgePoint: (id, name) => request(`/api/knowledge-points/${id}`, { method: 'PUT', body: { name } }),
  mergeKnowledgePoint: (id, into) => request(`/api/knowledge-points/${id}/merge`, { method: 'POST', body: { into } }),

  /** A picture for a stem or an option: the bytes as the body -> { hash, mediaType, width, height, size, url, markdown }. */
  uploadPicture: (file, mediaType) =>
    request('/api/question-images', { method: 'POST', body: file, contentType: mediaType, timeout: FILE_TIMEOUT_MS }),

  itemStatistics: (tradeId) => request(`/api/trades/${tradeId}/item-statistics`),
  /** { cells: [{grade, difficulty, pool, questions}] of the published versions, levels: [{id, mapOrder, name, grade, exam, questionCount}] } */
  questionSpread: (tradeId) => request(`/api/trades/${tradeId}/question-spread`),

  /** The level map (MapView): the draft if there is one, else the published map. */
  levelMap: (tradeId) => request(`/api/trades/${tradeId}/level-map`),
  /**
   * levels: LevelDraft[] in map order -> MapView; 422 with violations at "levels[i]…". revision: the MapView's that the
   * editor started from: a map changed since by someone else is refused with 409 (type map-changed), not overwritten.
   */
  saveMapDraft: (tradeId, levels, revision) =>
    request(`/api/trades/${tradeId}/level-map/draft`, { method: 'PUT', body: { levels, revision } }),
  discardMapDraft: (tradeId, revision) => request(`/api/trades/${tradeId}/level-map/draft` + query({ revision }), { method: 'DELETE' }),
  publishMap: (tradeId, revision) => request(`/api/trades/${tradeId}/level-map/publish` + query({ revision }), { method: 'POST' }),
  /** levels: LevelDraft[] as edited, saved or not -> Availability[] in the same order (nothing is written). */
  mapAvailability: (tradeId, levels) =>
    request(`/api/trades/${tradeId}/level-map/availability`, { method: 'POST', body: { levels } }),
  /** One LevelDraft as it stands (saved or not) -> { questions: [...], shortfall }. */
  samplePaper: (tradeId, level, seed) =>
    request(`/api/trades/${tradeId}/level-map/sample-paper` + query({ seed }), { method: 'POST', body: level }),

  // Files: the token travels in a header, so a plain <a href> cannot fetch them; they come as a Blob to save.
  template: (tradeId) => download(`/api/trades/${tradeId}/question-template.xlsx`, '题目导入模板.xlsx'),
  exportQuestions: (tradeId, params) => download(`/api/trades/${tradeId}/questions.xlsx` + query(params), '题目导出.xlsx'),
  exportGift: (tradeId, params) => download(`/api/trades/${tradeId}/questions.gift` + query(params), '题目导出.gift.txt'),
  /** The same endpoint checks (commit=false) and imports a sheet or a GIFT text; `type` is XLSX_TYPE or GIFT_TYPE. */
  previewImport: (tradeId, body, type) =>
    request(`/api/trades/${tradeId}/question-imports` + query({ commit: false }), upload(body, type)),
  commitImport: (tradeId, body, type, submit) =>
    request(`/api/trades/${tradeId}/question-imports` + query({ commit: true, submit }), upload(body, type)),
  /** Sheets only: the sheet back with an 错误 column (a GIFT file is fixed at the line numbers of the preview). */
  errorReport: (tradeId, file) =>
    download(`/api/trades/${tradeId}/question-imports/error-report`, '导入错误报告.xlsx', upload(file)),
}

const union = (path, params = {}) => `/api/union/${path}` + query(params)

/**
 * The union's console (contract: /tmp/notes/union-api.md), one function each. `params` are the API's query
 * parameters as they stand (unit, period, at, from, to, by, sort, order, page, size, …); empty ones are left out.
 */
export const unionApi = {
  /** -> { unit, path, childKind } of the caller's own scope */
  scope: () => request('/api/union/scope'),
  /** -> { unit, path, childKind, period, figures, baseline } */
  figures: (params) => request(union('figures', params)),
  /** params: unit, period…, by, sort, order, page, size -> { by, period, rows, total, page, size, spread } */
  breakdown: (params) => request(union('breakdown', params)),
  /** params: unit, period…, page, size, sizeClass -> { period, bySize, total, uncovered } */
  coverage: (params) => request(union('coverage', params)),
  /** -> { days: [{date, active, runs, rate}], baseline, baselineUnit } */
  trend: (unit, days = 90) => request(union('trend', { unit, days })),
  weakPoints: (params) => request(union('weak-points', params)),
  weakPointQuestions: (kpId, params) => request(union(`weak-points/${kpId}/questions`, params)),
  /** params: unit (enterprise: or team:), period…, q, sort, order, page, size */
  workers: (params) => request(union('workers', params)),

  /** -> { set: Target[], mine: Target[] } */
  targets: (unit) => request(union('targets', { unit })),
  /** body: { unit: "region:12", metric, value (a rate 0..1), startsOn, deadline, note? } -> Target */
  createTarget: (body) => request('/api/union/targets', { method: 'POST', body }),
  deleteTarget: (id) => request(`/api/union/targets/${id}`, { method: 'DELETE' }),
  /** -> { items: Target[] } the targets behind, worst first */
  supervision: (unit) => request(union('supervision', { unit })),
  followUp: (id, note) => request(`/api/union/targets/${id}/follow-ups`, { method: 'POST', body: { note } }),

  /** body: { title, body, link?, industryId?, tradeId? } -> { id, recipients } */
  sendNotice: (body) => request('/api/union/notices', { method: 'POST', body }),
  notices: (page = 0, size = 20) => request(union('notices', { page, size })),

  industries: () => request('/api/industries'),
  /** status: PENDING | APPROVED | REJECTED | CLOSED -> PageView<ApplicationView> */
  applications: (status, page = 0, size = 20) => request('/api/promotion-applications' + query({ status, page, size })),
  decide: (id, decision, comment) =>
    request(`/api/promotion-applications/${id}/decision`, { method: 'POST', body: { decision, comment: comment || null } }),

  // Files (the same filters as the page, no paging), saved as the server names them
  exportBreakdown: (params) => download(union('breakdown.xlsx', params), '单位明细.xlsx'),
  exportCoverage: (params) => download(union('coverage.xlsx', params), '未覆盖企业.xlsx'),
  exportWeakPoints: (params) => download(union('weak-points.xlsx', params), '薄弱知识点.xlsx'),
  exportWorkers: (params) => download(union('workers.xlsx', params), '职工明细.xlsx'),
  exportTargets: (unit) => download(union('targets.xlsx', { unit }), '目标.xlsx'),
  exportSupervision: (unit) => download(union('supervision.xlsx', { unit }), '督办.xlsx'),

  /** The monthly report (month "2026-11"): a whole HTML page, fetched with the token, as a Blob to open and print. */
  report: async (unit, month) =>
    (await requestWithMeta(union('report', { unit, month }), { as: 'blob', timeout: FILE_TIMEOUT_MS })).data,
}

const contest = (id, path = '') => `/api/contests/${id}${path}`

/**
 * Skills contests (#17), one function each. Organisers (union admins in scope, system admins) define, publish,
 * close, draw and finalise; a trainer of the trade composes the paper (PUT …/paper by hand, POST …/paper/draw by
 * rule); GET /api/contests lists the contests the caller organises (a trainer has no list: 404).
 */
export const contestApi = {
  /** -> ContestView[] the caller organises */
  list: () => request('/api/contests'),
  get: (id) => request(contest(id)),
  /** body: ContestDraft -> 201 ContestView */
  create: (body) => request('/api/contests', { method: 'POST', body }),
  /** DRAFT only, else 409 */
  update: (id, body) => request(contest(id), { method: 'PUT', body }),
  /** DRAFT → REGISTRATION -> ContestView */
  publish: (id) => request(contest(id, '/publish'), { method: 'POST' }),
  /** after registrationCloses; a TEAM contest freezes its rosters and commits the seed -> DrawView */
  close: (id) => request(contest(id, '/close'), { method: 'POST' }),
  /** a closed TEAM contest: reveals the seed and draws the members -> DrawView */
  draw: (id) => request(contest(id, '/draw'), { method: 'POST' }),
  /** after the window -> ResultsView */
  finalise: (id) => request(contest(id, '/finalise'), { method: 'POST' }),

  /** The paper by hand: question ids in order -> ContestView (paperSize); 409 paper-frozen once the window opened. */
  paperByHand: (id, questionIds) => request(contest(id, '/paper'), { method: 'PUT', body: { questionIds } }),
  /** The paper by rule: { drawRule (the level editor's rule as JSON text), grade, count } -> ContestView. */
  paperByRule: (id, body) => request(contest(id, '/paper/draw'), { method: 'POST', body }),

  /** -> [{ accountId, name, phone (masked), enterpriseId, enterpriseName, registeredAt, teamRole }] */
  registrations: (id) => request(contest(id, '/registrations')),
  /** -> { registered: ids, already: ids, refused: [{ accountId, reason }] } */
  registerBulk: (id, accountIds) => request(contest(id, '/registrations/bulk'), { method: 'POST', body: { accountIds } }),
  /** A unit's team with the members it names -> DrawView */
  registerTeam: (id, enterpriseId, named) => request(contest(id, '/teams'), { method: 'POST', body: { enterpriseId, named } }),

  /** -> DrawView { seedCommitment, seed (once drawn), algorithm, teams: [{ roster, rosterHash, named, drawn, rosterIntact }] } */
  drawView: (id) => request(contest(id, '/draw')),
  /** -> { registered, started, submitted, units: [...] } */
  monitor: (id) => request(contest(id, '/monitor')),
  /** -> { source (LIVE | FINAL), people: [...], teams: [...] } */
  board: (id, size = 50) => request(contest(id, '/board') + query({ size })),
  /** -> { finalisedAt, people: [...], teams: [...] }; 409 before FINAL */
  results: (id) => request(contest(id, '/results')),
  /** -> { entrants, meanScore, points: [...], units: [...] }; after the window */
  analysis: (id) => request(contest(id, '/analysis')),
}

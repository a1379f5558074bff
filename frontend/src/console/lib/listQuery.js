/**
 * The question list's filters, kept in the URL (so a reload, the back button from a question or a shared link
 * shows the same list) under the API's own parameter names.
 */

export const PAGE_SIZES = [20, 50, 100]
export const DEFAULT_SIZE = 20
/** The columns the server sorts by; "-" in front for descending. */
export const SORTS = ['ref', 'updatedAt', 'facility', 'discrimination']

const int = (value) => {
  const n = Number(value)
  return Number.isInteger(n) && value !== '' && value != null ? n : null
}

/** The filters from the route's query (strings) */
export function filtersFromQuery(q) {
  const sort = typeof q.sort === 'string' && SORTS.includes(q.sort.replace(/^-/, '')) ? q.sort : ''
  return {
    status: q.status || '',
    grade: int(q.grade),
    difficulty: int(q.difficulty),
    type: q.type || '',
    pool: q.pool || '',
    knowledgePoint: q.knowledgePoint || '',
    q: q.q || '',
    flagged: q.flagged === 'true',
    sort,
    page: Math.max(0, int(q.page) ?? 0),
    size: PAGE_SIZES.includes(int(q.size)) ? int(q.size) : DEFAULT_SIZE,
  }
}

/** The parameters of GET /api/trades/{id}/questions (and of the Excel export, without paging); empty ones left out. */
export function apiParams(f, { paging = true } = {}) {
  const params = {
    status: f.status || undefined,
    grade: f.grade ?? undefined,
    difficulty: f.difficulty ?? undefined,
    type: f.type || undefined,
    pool: f.pool || undefined,
    knowledgePoint: f.knowledgePoint || undefined,
    q: f.q?.trim() || undefined,
    flagged: f.flagged ? 'true' : undefined,
    sort: f.sort || undefined,
  }
  if (paging) Object.assign(params, { page: f.page, size: f.size })
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined))
}

/** The route query for these filters, with the trade; the defaults (page 0, 20 a page) left out. */
export function queryFromFilters(f, trade) {
  const params = apiParams(f)
  if (!params.page) delete params.page
  if (params.size === DEFAULT_SIZE) delete params.size
  return { trade: String(trade), ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }
}

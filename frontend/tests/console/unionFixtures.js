// Answers of the union console's API shaped as the contract (/tmp/notes/union-api.md) writes them.
import { TRAINER } from './helpers.js'

export const UNION_ADMIN = {
  ...TRAINER, id: 9, phone: '13800000009', displayName: '张主席', roles: ['UNION_ADMIN'],
  scope: { region: { id: 2, name: '济南市' }, enterprise: null, industries: [] },
}

export const PROVINCE = { kind: 'REGION', id: 1, name: '山东省', level: 'PROVINCE', sizeClass: null }
export const JINAN = { kind: 'REGION', id: 2, name: '济南市', level: 'CITY', sizeClass: null }
export const LIXIA = { kind: 'REGION', id: 12, name: '历下区', level: 'COUNTY', sizeClass: null }
export const LICHENG = { kind: 'REGION', id: 13, name: '历城区', level: 'COUNTY', sizeClass: null }
export const STEELWORKS = { kind: 'ENTERPRISE', id: 3, name: '济钢集团', level: null, sizeClass: 'LARGE' }
export const TEAM = { kind: 'TEAM', id: 9, name: '炼钢一班', level: null, sizeClass: null }

export const PATH_JINAN = [{ ...PROVINCE, inScope: false }, { ...JINAN, inScope: true }]
export const PATH_LIXIA = [...PATH_JINAN, { ...LIXIA, inScope: true }]
export const PATH_STEELWORKS = [...PATH_LIXIA, { ...STEELWORKS, inScope: true }]

export const PERIOD = { kind: 'MONTH', label: '2026-12', from: '2026-12-01', to: '2026-12-31' }

export function figures(overrides = {}) {
  return {
    registered: 1200, active: 300, participationRate: 0.25, challengeRuns: 900, practiceRuns: 450, levelsPassed: 610,
    averageScore: 81.46, points: 12345, examReached: { 5: 40, 4: 12, 3: 2, 2: 0, 1: 0 },
    promotions: { ONLINE_EXAM: 7, CONTEST: 2 }, contestEntries: 15, ...overrides,
  }
}

export function figuresView(unit = JINAN, path = PATH_JINAN, overrides = {}) {
  return {
    unit, path, childKind: unit.kind === 'ENTERPRISE' ? 'TEAM' : unit.level === 'COUNTY' ? 'ENTERPRISE' : 'REGION', period: PERIOD,
    figures: figures(),
    baseline: unit.level === 'PROVINCE' ? null : { unit: PROVINCE, figures: figures({ registered: 50000, active: 9000, participationRate: 0.18 }) },
    ...overrides,
  }
}

export const scopeView = { unit: JINAN, path: PATH_JINAN, childKind: 'REGION' }

export function row(unit, rate, drill = `${unit.kind.toLowerCase()}:${unit.id}`) {
  return { unit, figures: figures({ participationRate: rate, registered: 100, active: Math.round(rate * 100) }), drill }
}

export function breakdown(rows, overrides = {}) {
  return {
    by: 'CHILD', period: PERIOD, rows, total: rows.length, page: 0, size: 20,
    spread: { highest: { name: '历下区', rate: 0.4 }, lowest: { name: '历城区', rate: 0.1 }, mean: 0.25, cv: 0.6, units: rows.length },
    ...overrides,
  }
}

export const trendView = {
  days: [
    { date: '2026-12-01', active: 20, runs: 40, rate: 0.02 },
    { date: '2026-12-02', active: 30, runs: 55, rate: 0.025 },
  ],
  baseline: [
    { date: '2026-12-01', active: 500, runs: 900, rate: 0.01 },
    { date: '2026-12-02', active: 600, runs: 1000, rate: 0.012 },
  ],
  baselineUnit: PROVINCE,
}

export const coverageView = {
  period: PERIOD,
  bySize: [
    { sizeClass: 'LARGE', enterprises: 4, covered: 4, rate: 1 },
    { sizeClass: 'MEDIUM', enterprises: 10, covered: 6, rate: 0.6 },
    { sizeClass: 'SMALL', enterprises: 20, covered: 5, rate: 0.25 },
    { sizeClass: 'MICRO', enterprises: 16, covered: 1, rate: 0.0625 },
  ],
  total: { enterprises: 50, covered: 16, rate: 0.32 },
  uncovered: { items: [{ enterprise: { kind: 'ENTERPRISE', id: 31, name: '历下小五金厂', level: null, sizeClass: 'MICRO' }, region: '历下区', sizeClass: 'MICRO', registered: 3 }], total: 34, page: 0, size: 1 },
}

export function target(overrides = {}) {
  return {
    id: 71, unit: LIXIA, metric: 'PARTICIPATION_RATE', value: 0.35, startsOn: '2026-10-01', deadline: '2026-12-31',
    setBy: '张主席', setAt: '2026-09-28T02:00:00Z', current: 0.2, shareReached: 0.571, shareElapsed: 0.7, status: 'AMBER',
    followUps: [], ...overrides,
  }
}

/** A downloaded sheet as the server sends it. */
export function xlsx(name) {
  return new Response(new Blob(['x'], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), {
    status: 200,
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  })
}

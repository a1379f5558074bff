/** The contest analysis's ECharts options, built from GET /api/contests/{id}/analysis (pure: tested without a canvas). */
import { overallErrorRate } from './contest.js'

const pct = (v) => (v == null || Number.isNaN(v) ? null : Math.round(v * 1000) / 10)
const percentText = (v) => (v == null ? '—' : `${v}%`)
const RED = '#c8161d'
const GREY = '#909399'
const BLUE = '#409eff'

/** The chart's height for `n` horizontal bars (at least 200 px). */
export const barsHeight = (n, perBar = 28) => `${Math.max(200, n * perBar + 56)}px`

/**
 * Each knowledge point's error rate in the contest (bars, the worst on top, red where above the contest's rate)
 * against the contest's error rate over all its answers (a dashed line).
 */
export function pointsOption(points, contestRate = overallErrorRate(points)) {
  const list = points ?? []
  const overall = pct(contestRate)
  return {
    grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items) => {
        const first = Array.isArray(items) ? items[0] : items
        const p = list[first?.dataIndex]
        if (!p) return ''
        return `${p.name}<br/>错误率 ${percentText(pct(p.errorRate))}（答 ${p.answered} 次，错 ${p.wrong} 次）<br/>全竞赛 ${percentText(overall)}`
      },
    },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: list.map((p) => p.name) },
    series: [
      {
        type: 'bar',
        name: '知识点错误率',
        data: list.map((p) => ({ value: pct(p.errorRate) ?? 0, itemStyle: { color: overall != null && pct(p.errorRate) > overall ? RED : BLUE } })),
        label: { show: true, position: 'right', formatter: (x) => `${x.value}%` },
        barMaxWidth: 16,
      },
      {
        type: 'line',
        name: '全竞赛错误率',
        data: list.map(() => overall),
        symbol: 'none',
        lineStyle: { type: 'dashed', color: GREY },
        itemStyle: { color: GREY },
        tooltip: { valueFormatter: percentText },
      },
    ],
  }
}

/** A unit's weakest knowledge points: the unit's error rate against the contest's for each (paired bars). */
export function unitOption(unit) {
  const list = unit?.weakest ?? []
  return {
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: percentText },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: list.map((p) => p.name) },
    series: [
      { type: 'bar', name: `${unit?.enterpriseName ?? '本单位'}错误率`, data: list.map((p) => pct(p.errorRate)), itemStyle: { color: RED }, barMaxWidth: 14 },
      { type: 'bar', name: '全竞赛错误率', data: list.map((p) => pct(p.contestErrorRate)), itemStyle: { color: GREY }, barMaxWidth: 14 },
    ],
  }
}

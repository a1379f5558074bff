/** The union pages' ECharts options, built from the API's answers (pure: tested without a canvas). */
import { rate } from './union.js'

const pct = (v) => (v == null ? null : Math.round(v * 1000) / 10)
const BLUE = '#409eff'
const RED = '#c8161d'
const GREY = '#909399'

const percentText = (v) => (v == null ? '—' : `${v}%`)
/** A day's rate is small (a few percent): two decimals of a percent. */
const pct2 = (v) => (v == null ? null : Math.round(v * 10000) / 100)

/** GET /api/union/trend: active workers a day (bars) and the participation rate of the unit and of its parent (lines). */
export function trendOption(trend, { unitName = '本单位', baselineName = '上级' } = {}) {
  const days = trend?.days ?? []
  const baseline = new Map((trend?.baseline ?? []).map((d) => [d.date, d]))
  const series = [
    { type: 'bar', name: '活跃职工', data: days.map((d) => d.active), itemStyle: { color: '#a0cfff' }, barMaxWidth: 12 },
    { type: 'line', name: `${unitName}参与率`, yAxisIndex: 1, data: days.map((d) => pct2(d.rate)), showSymbol: false, itemStyle: { color: RED }, tooltip: { valueFormatter: percentText } },
  ]
  if (trend?.baseline) {
    series.push({
      type: 'line', name: `${baselineName}参与率`, yAxisIndex: 1, data: days.map((d) => pct2(baseline.get(d.date)?.rate)),
      showSymbol: false, lineStyle: { type: 'dashed' }, itemStyle: { color: GREY }, tooltip: { valueFormatter: percentText },
    })
  }
  return {
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    yAxis: [
      { type: 'value', name: '人', minInterval: 1 },
      { type: 'value', name: '参与率', axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series,
  }
}

/** Child units ranked by participation rate, highest on top (horizontal bars); a bar's dataIndex is the row's index. */
export function rankOption(rows) {
  const list = rows ?? []
  return {
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const row = list[p.dataIndex]
        return `${row.unit.name}<br/>参与率 ${rate(row.figures.participationRate)}<br/>活跃 ${row.figures.active} / 注册 ${row.figures.registered}`
      },
    },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    // category axes run bottom-up: reversed, the first (highest) row is on top
    yAxis: { type: 'category', inverse: true, data: list.map((r) => r.unit.name) },
    series: [{
      type: 'bar',
      data: list.map((r) => ({ value: pct(r.figures.participationRate) ?? 0, itemStyle: { color: r.drill ? BLUE : GREY } })),
      label: { show: true, position: 'right', formatter: (p) => rate(list[p.dataIndex].figures.participationRate) },
      barMaxWidth: 18,
      cursor: 'pointer',
    }],
  }
}

/** The chart's height for `n` horizontal bars. */
export const rankHeight = (n) => `${Math.max(200, n * 26 + 24)}px`

/** GET /api/union/weak-points: the unit's error rate against the province's for each knowledge point. */
export function weakOption(items) {
  const list = items ?? []
  return {
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v == null ? '—' : `${v}%`) },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: list.map((i) => i.knowledgePoint.name) },
    series: [
      { type: 'bar', name: '本单位错误率', data: list.map((i) => pct(i.errorRate)), itemStyle: { color: RED }, barMaxWidth: 14 },
      { type: 'bar', name: '全省错误率', data: list.map((i) => pct(i.provinceErrorRate)), itemStyle: { color: GREY }, barMaxWidth: 14 },
    ],
  }
}

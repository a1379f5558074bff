/**
 * Facility over time: the detail's `weeks` ({ versionId, week (the Monday, ISO), shown, right, facility }, oldest
 * first) as a line chart, one line per version over the weeks any version was answered. A week a version was not
 * shown in is a gap (null), not a zero: it says nothing about how hard the version is.
 */

/** The weeks on the axis and one series per version (oldest version first): { name, versionId, data: [{ value, shown, right } | null] }. */
export function facilitySeries(weeks, versions = []) {
  const axis = [...new Set((weeks ?? []).map((w) => w.week))].sort()
  const column = new Map(axis.map((w, i) => [w, i]))
  const numberOf = new Map(versions.map((v) => [v.id, v.version]))
  const byVersion = new Map()
  for (const w of weeks ?? []) {
    if (!byVersion.has(w.versionId)) byVersion.set(w.versionId, Array(axis.length).fill(null))
    byVersion.get(w.versionId)[column.get(w.week)] = {
      value: Math.round(w.facility * 1000) / 10, shown: w.shown, right: w.right,
    }
  }
  const series = [...byVersion.entries()]
    .map(([versionId, data]) => ({ versionId, number: numberOf.get(versionId), data }))
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.versionId - b.versionId)
    .map(({ versionId, number, data }) => ({ name: number == null ? `版本 ${versionId}` : `第 ${number} 版`, versionId, data }))
  return { weeks: axis, series }
}

/** "12/01" on the axis; the year only in the tooltip. */
const shortWeek = (week) => `${week.slice(5, 7)}/${week.slice(8, 10)}`

/** The ECharts option for the facility (%) per week. */
export function facilityChartOption(weeks, versions) {
  const { weeks: axis, series } = facilitySeries(weeks, versions)
  return {
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (items) => {
        const lines = items
          .filter((i) => i.data)
          .map((i) => `${i.marker}${i.seriesName}：通过率 ${i.data.value}%（出现 ${i.data.shown} 次，答对 ${i.data.right} 次）`)
        return [`${axis[items[0]?.dataIndex] ?? ''} 当周`, ...lines].join('<br/>')
      },
    },
    xAxis: { type: 'category', data: axis, axisLabel: { formatter: shortWeek } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: series.map((s) => ({
      type: 'line', name: s.name, data: s.data, connectNulls: false, showSymbol: true, symbolSize: 6,
    })),
  }
}

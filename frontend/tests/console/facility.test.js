import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { facilityChartOption, facilitySeries } from '../../src/console/lib/facility.js'
import FacilityTrend from '../../src/console/components/FacilityTrend.vue'

// ECharts draws on a canvas, which happy-dom has not: the chart is a stub that shows the option it was given
vi.mock('../../src/console/components/EChart.vue', () => ({
  default: { props: ['option'], template: '<div data-testid="chart">{{ JSON.stringify(option.series) }}</div>' },
}))

const VERSIONS = [{ id: 502, version: 2 }, { id: 501, version: 1 }] // newest first, as the detail lists them
const WEEKS = [
  { versionId: 501, week: '2026-11-16', shown: 40, right: 30, facility: 0.75 },
  { versionId: 501, week: '2026-11-23', shown: 20, right: 9, facility: 0.45 },
  { versionId: 502, week: '2026-11-30', shown: 12, right: 11, facility: 11 / 12 },
  { versionId: 501, week: '2026-11-30', shown: 3, right: 1, facility: 1 / 3 },
]

describe('facility over time', () => {
  it('puts every week on the axis and a series per version, oldest version first, with gaps where it was not shown', () => {
    const { weeks, series } = facilitySeries(WEEKS, VERSIONS)
    expect(weeks).toEqual(['2026-11-16', '2026-11-23', '2026-11-30'])
    expect(series.map((s) => s.name)).toEqual(['第 1 版', '第 2 版'])
    expect(series[0].data).toEqual([
      { value: 75, shown: 40, right: 30 }, { value: 45, shown: 20, right: 9 }, { value: 33.3, shown: 3, right: 1 },
    ])
    expect(series[1].data).toEqual([null, null, { value: 91.7, shown: 12, right: 11 }])
    expect(facilitySeries([], VERSIONS)).toEqual({ weeks: [], series: [] })
  })

  it('draws lines in percent with the times shown in the tooltip', () => {
    const option = facilityChartOption(WEEKS, VERSIONS)
    expect(option.series.map((s) => [s.type, s.name])).toEqual([['line', '第 1 版'], ['line', '第 2 版']])
    expect(option.yAxis).toMatchObject({ min: 0, max: 100 })
    expect(option.xAxis.axisLabel.formatter('2026-11-30')).toBe('11/30')
    const tip = option.tooltip.formatter([
      { dataIndex: 2, seriesName: '第 1 版', marker: '', data: option.series[0].data[2] },
      { dataIndex: 2, seriesName: '第 2 版', marker: '', data: option.series[1].data[2] },
    ])
    expect(tip).toBe('2026-11-30 当周<br/>第 1 版：通过率 33.3%（出现 3 次，答对 1 次）<br/>第 2 版：通过率 91.7%（出现 12 次，答对 11 次）')
    expect(option.tooltip.formatter([{ dataIndex: 0, seriesName: '第 2 版', marker: '', data: null }])).toBe('2026-11-16 当周')
  })

  it('says so when nobody answered yet', () => {
    expect(mount(FacilityTrend, { props: { weeks: [], versions: VERSIONS } }).text()).toContain('暂无作答数据')
    const chart = mount(FacilityTrend, { props: { weeks: WEEKS, versions: VERSIONS } }).find('[data-testid="chart"]')
    expect(JSON.parse(chart.text()).map((s) => s.name)).toEqual(['第 1 版', '第 2 版'])
  })
})

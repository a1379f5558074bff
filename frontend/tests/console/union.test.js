import { describe, expect, it } from 'vitest'
import {
  crumbTarget, dimensionsFor, emptyTarget, isDate, listFromQuery, listParams, mergeQuery, metricValue, monthOf, parseUnit,
  periodFromQuery, periodParams, periodQuery, periodText, quarterStart, rangeProblem, rate, rateComparison, recentQuarters,
  sharedQuery, statusOf, targetBody, targetProblems, unitKey, count, score, share,
} from '../../src/console/lib/union.js'
import { rankOption, trendOption, weakOption } from '../../src/console/lib/unionCharts.js'
import { LICHENG, LIXIA, PATH_LIXIA, STEELWORKS, row, trendView } from './unionFixtures.js'

describe('the period in the URL', () => {
  it('reads a kind and a day, falling back to this month for anything else', () => {
    expect(periodFromQuery({})).toEqual({ period: 'MONTH', at: null })
    expect(periodFromQuery({ period: 'WEEK', at: '2026-12-04' })).toEqual({ period: 'WEEK', at: '2026-12-04' })
    expect(periodFromQuery({ period: 'QUARTER', at: '2026-02-30' })).toEqual({ period: 'QUARTER', at: null })
    expect(periodFromQuery({ period: 'FORTNIGHT', at: '2026-12-04' })).toEqual({ period: 'MONTH', at: '2026-12-04' })
  })

  it('takes a range of at most 366 days, both ends included', () => {
    expect(periodFromQuery({ period: 'RANGE', from: '2026-11-01', to: '2026-11-30' })).toEqual({ period: 'RANGE', from: '2026-11-01', to: '2026-11-30' })
    expect(periodFromQuery({ period: 'RANGE', from: '2025-01-01', to: '2025-12-31' }).period).toBe('RANGE')
    expect(periodFromQuery({ period: 'RANGE', from: '2024-01-01', to: '2024-12-31' }).period).toBe('RANGE') // 366 days
    expect(periodFromQuery({ period: 'RANGE', from: '2024-01-01', to: '2025-01-01' }).period).toBe('MONTH')
    expect(periodFromQuery({ period: 'RANGE', from: '2026-11-30', to: '2026-11-01' }).period).toBe('MONTH')
    expect(rangeProblem('2026-11-30', '2026-11-01')).toBe('开始日期不能晚于结束日期')
    expect(rangeProblem('2024-01-01', '2025-01-01')).toBe('时间段最长 366 天')
    expect(rangeProblem('2026-11-01', '2026-11-30')).toBe('')
  })

  it('goes to the API and back to the URL, the defaults left out of the URL', () => {
    expect(periodParams({ period: 'MONTH', at: null })).toEqual({ period: 'MONTH' })
    expect(periodParams({ period: 'DAY', at: '2026-12-04' })).toEqual({ period: 'DAY', at: '2026-12-04' })
    expect(periodParams({ period: 'RANGE', from: '2026-11-01', to: '2026-11-30' })).toEqual({ period: 'RANGE', from: '2026-11-01', to: '2026-11-30' })
    const q = { unit: 'region:12', period: 'RANGE', from: '2026-11-01', to: '2026-11-30' }
    expect(mergeQuery(q, periodQuery({ period: 'MONTH', at: null }))).toEqual({ unit: 'region:12' })
    expect(mergeQuery(q, periodQuery({ period: 'YEAR', at: '2025-06-01' }))).toEqual({ unit: 'region:12', period: 'YEAR', at: '2025-06-01' })
  })

  it('says the period in words and finds the month of the report', () => {
    expect(periodText('2026-12')).toBe('2026年12月')
    expect(periodText('2026-W49')).toBe('2026年第49周')
    expect(periodText('2026-Q4')).toBe('2026年第4季度')
    expect(periodText('2026')).toBe('2026年')
    expect(periodText('2026-12-04')).toBe('2026年12月4日')
    expect(periodText('2026-11-01~2026-11-30')).toBe('2026-11-01 至 2026-11-30')
    expect(monthOf({ period: 'MONTH', at: '2026-11-15' })).toBe('2026-11')
    expect(monthOf({ period: 'RANGE', from: '2026-09-01', to: '2026-10-12' })).toBe('2026-10')
    expect(monthOf({ period: 'MONTH', at: null }, new Date('2026-12-31T17:00:00Z'))).toBe('2027-01') // Beijing is past midnight
  })

  it('lists quarters up to this one', () => {
    expect(quarterStart('2026-11-15')).toBe('2026-10-01')
    const quarters = recentQuarters(new Date('2026-05-10T04:00:00Z'), 2)
    expect(quarters.map((q) => q.value)).toEqual(['2026-04-01', '2026-01-01', '2025-10-01', '2025-07-01', '2025-04-01', '2025-01-01'])
    expect(quarters[0].label).toBe('2026年第2季度')
  })

  it('checks calendar days', () => {
    expect(isDate('2024-02-29')).toBe(true)
    expect(isDate('2026-02-29')).toBe(false)
    expect(isDate('2026-1-5')).toBe(false)
  })
})

describe('units', () => {
  it('parses the unit parameter and writes a UnitRef’s key', () => {
    expect(parseUnit('region:12')).toEqual({ kind: 'REGION', id: 12, key: 'region:12' })
    expect(parseUnit('team:9')).toMatchObject({ kind: 'TEAM', id: 9 })
    expect(parseUnit('industry:1')).toBeNull()
    expect(parseUnit('region:0')).toBeNull()
    expect(parseUnit(['region:1'])).toBeNull()
    expect(unitKey(STEELWORKS)).toBe('enterprise:3')
    expect(unitKey({ kind: 'TRADE', id: 4, name: '炼钢工' })).toBeNull()
  })

  it('makes the breadcrumb clickable from the caller’s scope down, the scope itself as no unit at all', () => {
    expect(PATH_LIXIA.map((_, i) => crumbTarget(PATH_LIXIA, i))).toEqual([undefined, null, 'region:12'])
  })

  it('hands the unit and the period on from page to page, nothing else', () => {
    expect(sharedQuery({ unit: 'region:12', period: 'WEEK', at: '2026-12-01', by: 'TRADE', page: '2' }))
      .toEqual({ unit: 'region:12', period: 'WEEK', at: '2026-12-01' })
  })

  it('offers the tabs that fit the unit', () => {
    expect(dimensionsFor('REGION')).toEqual(['CHILD', 'ENTERPRISE', 'INDUSTRY', 'TRADE', 'SIZE'])
    expect(dimensionsFor('ENTERPRISE')).toEqual(['TEAM', 'TRADE', 'WORKERS'])
    expect(dimensionsFor('TEAM')).toEqual(['WORKERS', 'TRADE'])
  })

  it('reads the list’s tab, sort and page, each checked against what the tab allows', () => {
    expect(listFromQuery({}, 'REGION')).toEqual({ by: 'CHILD', sort: 'participationRate', order: 'desc', page: 0, size: 20, q: '' })
    expect(listFromQuery({ by: 'TEAM', sort: 'points', order: 'asc', page: '2', size: '50' }, 'REGION'))
      .toEqual({ by: 'CHILD', sort: 'points', order: 'asc', page: 2, size: 50, q: '' })
    const workers = listFromQuery({ by: 'WORKERS', sort: 'participationRate', q: ' 王 ', size: '7' }, 'ENTERPRISE')
    expect(workers).toEqual({ by: 'WORKERS', sort: 'lastRunAt', order: 'desc', page: 0, size: 20, q: '王' })
    expect(listParams(workers)).toEqual({ q: '王', sort: 'lastRunAt', order: 'desc', page: 0, size: 20 })
    expect(listParams(listFromQuery({ by: 'SIZE' }, 'REGION'), { paging: false })).toEqual({ by: 'SIZE', sort: 'participationRate', order: 'desc' })
  })
})

describe('formats', () => {
  it('writes rates, counts and scores, a dash for what is missing', () => {
    expect(rate(0.1234)).toBe('12.3%')
    expect(rate(null)).toBe('—')
    expect(rate(1, 0)).toBe('100%')
    expect(count(12345)).toBe('12,345')
    expect(count(null)).toBe('—')
    expect(score(81.46)).toBe('81.5')
    expect(share(3, 4)).toBe(75)
    expect(share(1, 0)).toBe(0)
  })

  it('compares the rate with the parent’s in percentage points', () => {
    expect(rateComparison(0.25, 0.18, '山东省')).toBe('高于山东省 7.0 个百分点')
    expect(rateComparison(0.1, 0.123)).toBe('低于上级 2.3 个百分点')
    expect(rateComparison(0.2, 0.2)).toBe('与上级持平')
    expect(rateComparison(null, 0.2)).toBe('')
  })
})

describe('targets', () => {
  it('names each status with its tag and colour', () => {
    expect(['GREEN', 'AMBER', 'RED', 'DONE', 'MISSED'].map((s) => statusOf(s).label)).toEqual(['正常', '预警', '落后', '已完成', '未完成'])
    expect(statusOf('RED').tag).toBe('danger')
    expect(statusOf('AMBER').tag).toBe('warning')
    expect(statusOf('WHATEVER')).toMatchObject({ label: 'WHATEVER', tag: 'info' })
  })

  it('shows a value by its metric', () => {
    expect(metricValue('PARTICIPATION_RATE', 0.35)).toBe('35.0%')
    expect(metricValue('SMALL_COVERAGE', 0.125)).toBe('12.5%')
    expect(metricValue('ACTIVE_WORKERS', 1200)).toBe('1,200 人')
  })

  it('starts a form today until the quarter’s end', () => {
    expect(emptyTarget(new Date('2026-11-04T03:00:00Z'))).toMatchObject({ metric: 'PARTICIPATION_RATE', value: null, startsOn: '2026-11-04', deadline: '2026-12-31' })
    expect(emptyTarget(new Date('2026-02-10T03:00:00Z')).deadline).toBe('2026-03-31')
  })

  it('sends a rate entered in percent as 0..1, a count as an integer', () => {
    const form = { unit: 'region:12', metric: 'PARTICIPATION_RATE', value: 35, startsOn: '2026-10-01', deadline: '2026-12-31', note: '  ' }
    expect(targetBody(form)).toEqual({ unit: 'region:12', metric: 'PARTICIPATION_RATE', value: 0.35, startsOn: '2026-10-01', deadline: '2026-12-31' })
    expect(targetBody({ ...form, value: 12.5, metric: 'SMALL_COVERAGE' }).value).toBe(0.125)
    expect(targetBody({ ...form, value: 33.3 }).value).toBe(0.333)
    expect(targetBody({ ...form, metric: 'ACTIVE_WORKERS', value: 1200, note: '年底前' })).toMatchObject({ value: 1200, note: '年底前' })
  })

  it('checks the form before sending', () => {
    const form = { unit: 'region:12', metric: 'PARTICIPATION_RATE', value: 35, startsOn: '2026-10-01', deadline: '2026-12-31' }
    expect(targetProblems(form)).toEqual({})
    expect(targetProblems({ ...form, unit: '' }).unit).toBe('请选择单位')
    expect(targetProblems({ ...form, value: 120 }).value).toBe('百分比应在 0 到 100 之间')
    expect(targetProblems({ ...form, value: null }).value).toBe('请填写目标值')
    expect(targetProblems({ ...form, metric: 'PROMOTIONS', value: 2.5 }).value).toBe('目标值应为正整数')
    expect(targetProblems({ ...form, deadline: '2026-09-30' }).deadline).toBe('截止日期不能早于开始日期')
  })
})

describe('charts', () => {
  it('draws the trend: active a day, the unit’s and the parent’s rate in percent', () => {
    const option = trendOption(trendView, { unitName: '济南市', baselineName: '山东省' })
    expect(option.xAxis.data).toEqual(['12-01', '12-02'])
    expect(option.series.map((s) => s.name)).toEqual(['活跃职工', '济南市参与率', '山东省参与率'])
    expect(option.series[1].data).toEqual([2, 2.5])
    expect(option.series[2].data).toEqual([1, 1.2])
    expect(trendOption({ days: trendView.days, baseline: null }).series).toHaveLength(2)
  })

  it('ranks the units top-down, greying those without a drill', () => {
    const option = rankOption([row(LIXIA, 0.4), row(LICHENG, 0.1, null)])
    expect(option.yAxis).toMatchObject({ inverse: true, data: ['历下区', '历城区'] })
    expect(option.series[0].data.map((d) => d.value)).toEqual([40, 10])
    expect(option.series[0].data[1].itemStyle.color).toBe('#909399')
  })

  it('sets the unit’s error rates against the province’s', () => {
    const option = weakOption([{ knowledgePoint: { id: 5, name: '安全规程' }, errorRate: 0.42, provinceErrorRate: 0.3 }])
    expect(option.series.map((s) => s.data)).toEqual([[42], [30]])
    expect(option.yAxis.data).toEqual(['安全规程'])
  })
})

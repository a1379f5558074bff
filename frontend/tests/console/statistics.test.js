import { afterEach, describe, expect, it, vi } from 'vitest'
import { counter, gradeRows } from '../../src/console/lib/spread.js'
import { GRADES, json, mockApi, mountConsole, signedIn } from './helpers.js'

// ECharts draws on a canvas, which happy-dom has not: the chart is a stub that shows the option it was given
vi.mock('../../src/console/components/EChart.vue', () => ({
  default: { props: ['option'], template: '<div data-testid="chart">{{ JSON.stringify(option.series) }}</div>' },
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const SPREAD = {
  cells: [
    { grade: 5, difficulty: 1, pool: 'LEARNING', questions: 50 },
    { grade: 5, difficulty: 2, pool: 'LEARNING', questions: 17 },
    { grade: 5, difficulty: 1, pool: 'EXAM', questions: 12 },
    { grade: 4, difficulty: 2, pool: 'LEARNING', questions: 6 },
  ],
  levels: [
    { id: 22, mapOrder: 1, name: '初级工 第1关', grade: 5, exam: false, questionCount: 10 },
    { id: 26, mapOrder: 3, name: '初级工考核', grade: 5, exam: true, questionCount: 20 },
    { id: 23, mapOrder: 2, name: '初级工 第2关', grade: 5, exam: false, questionCount: 12 },
    { id: 28, mapOrder: 4, name: '中级工 第1关', grade: 4, exam: false, questionCount: 10 },
  ],
}

describe('the published bank’s spread against the level map', () => {
  it('counts by grade and difficulty, in one pool or both', () => {
    expect(counter(SPREAD.cells)(5, 1)).toBe(62)
    expect(counter(SPREAD.cells, 'LEARNING')(5, 1)).toBe(50)
    expect(counter(SPREAD.cells, 'EXAM')(5, 2)).toBe(0)
  })

  it('sets each grade’s pools against the levels drawing from them, flagging a pool smaller than one paper', () => {
    const [g5, g4, g3] = gradeRows(SPREAD.cells, SPREAD.levels, [5, 4, 3])
    expect(g5.LEARNING).toMatchObject({ published: 67, largest: 12, short: false })
    expect(g5.LEARNING.levels.map((l) => l.id)).toEqual([22, 23])
    expect(g5.EXAM).toMatchObject({ published: 12, largest: 20, short: true })
    expect(g4.LEARNING).toMatchObject({ published: 6, largest: 10, short: true })
    expect(g3.LEARNING).toMatchObject({ published: 0, levels: [], short: false })
  })

  it('is read from question-spread, not by paging through the list', async () => {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      if (call.path === '/api/trades/11/question-spread') return json(200, SPREAD)
      if (call.path === '/api/trades/11/item-statistics') return json(200, [])
      if (call.path === '/api/trades/11/questions') return json(200, { items: [], total: 0, page: 0, size: 20 })
      return undefined
    })
    const { wrapper } = await mountConsole('/statistics?trade=11', pinia)
    const lists = calls.filter((c) => c.path === '/api/trades/11/questions')
    expect(lists.map((c) => c.params.get('status'))).toEqual([null])
    expect(lists[0].params.get('flagged')).toBe('true')
    expect(wrapper.text()).toContain('85已发布题目')
    const table = wrapper.find('[data-testid="spread-levels"]').text()
    expect(table).toContain(`${GRADES[0].levelName} · ${GRADES[0].title}`)
    expect(table).toContain('2 关 · 每关 10–12 题')
    expect(table).toContain('1 关 · 每关 20 题')
    expect(wrapper.findAll('[data-testid="spread-short"]')).toHaveLength(2)
    expect(wrapper.text()).toContain('有 2 个等级的已发布题目不够关卡一次抽题')
    // the chart's series: one per grade, from 初级工, over the five difficulties
    const series = JSON.parse(wrapper.find('[data-testid="spread"] [data-testid="chart"]').text())
    expect(series[0]).toMatchObject({ name: '初级工', data: [62, 17, 0, 0, 0] })
  })
})

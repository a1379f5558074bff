import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  checkLevel, fromLevel, fromView, gradeAvailability, moveLevel, partAvailability, placeViolations, retiringLevels, toRequest,
} from '../../src/console/lib/levelMap.js'
import { enableAutoUnmount } from '@vue/test-utils'
import { json, mockApi, mountConsole, settle, signedIn } from './helpers.js'

// unmounted after each test: a page's pending count timer must not fire into the next test's mocks
enableAutoUnmount(afterEach)

vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function level(overrides = {}) {
  return {
    id: 22, name: '初级工 第1关', grade: 5, exam: false, questionCount: 10, timeLimitSeconds: 600, passMark: 60,
    star1: 60, star2: 80, star3: 100,
    drawRule: { parts: [{ knowledgePoints: ['安全规程'], difficultyMin: null, difficultyMax: null, count: 4 }] },
    ...overrides,
  }
}
const availability = (parts, grade) => ({ pool: 'LEARNING', parts: parts.map(([count, available]) => ({ count, available })), grade: { count: grade[0], available: grade[1] } })

/** A MapView of three levels: the second draws more of 设备与操作 than the bank holds. */
function mapView(overrides = {}) {
  return {
    tradeId: 11, draft: false, updatedAt: null, updatedBy: null, retiring: [],
    levels: [
      { level: level(), availability: availability([[4, 9]], [10, 67]) },
      { level: level({ id: 23, name: '初级工 第2关', drawRule: { parts: [{ knowledgePoints: ['设备与操作'], difficultyMin: 2, difficultyMax: 4, count: 6 }] } }),
        availability: availability([[6, 3]], [10, 67]) },
      { level: level({ id: 26, name: '初级工考核', exam: true, questionCount: 20, drawRule: { parts: [] } }),
        availability: { pool: 'EXAM', parts: [], grade: { count: 20, available: 12 } } },
    ],
    ...overrides,
  }
}

describe('the level map’s model', () => {
  it('warns where the bank holds fewer questions than a part or a level needs, and forgets a count once its filter changes', () => {
    const { levels } = fromView(mapView())
    const [first, second, exam] = levels
    expect(partAvailability(first, first.parts[0])).toEqual({ available: 9, needed: 4, short: false })
    expect(partAvailability(second, second.parts[0])).toEqual({ available: 3, needed: 6, short: true })
    expect(gradeAvailability(exam)).toEqual({ available: 12, needed: 20, pool: 'EXAM', short: true })
    expect(gradeAvailability(first).short).toBe(false)

    // fewer needed: no longer short, the count still valid
    second.parts[0].count = 3
    expect(partAvailability(second, second.parts[0]).short).toBe(false)
    // another filter, grade or pool: not counted any more (shown as unknown until saved)
    second.parts[0].difficultyMax = 5
    expect(partAvailability(second, second.parts[0]).available).toBeNull()
    first.grade = 4
    expect(gradeAvailability(first).available).toBeNull()
    expect(partAvailability(first, first.parts[0]).available).toBeNull()
    exam.exam = false
    expect(gradeAvailability(exam)).toMatchObject({ available: null, pool: 'LEARNING', short: false })
  })

  it('moves levels, keeps their keys, and sends them in the new order', () => {
    const { levels } = fromView(mapView())
    const moved = moveLevel(levels, 2, 0)
    expect(moved.map((l) => l.id)).toEqual([26, 22, 23])
    expect(moved[0].key).toBe(levels[2].key)
    expect(levels.map((l) => l.id)).toEqual([22, 23, 26])
    expect(moveLevel(levels, 0, 5)).toBe(levels)
    expect(toRequest(moved).map((l) => l.id)).toEqual([26, 22, 23])
    expect(toRequest(moved)[1]).toEqual(level())
  })

  it('puts the server’s violations at the level and part they name, by the order the levels were sent', () => {
    const { levels } = fromView(mapView())
    const sent = moveLevel(levels, 0, 1) // 23, 22, 26
    const { byLevel, general } = placeViolations([
      { field: 'levels[0].drawRule.parts[0].knowledgePoints', message: '未知的知识点：设备' },
      { field: 'levels[1].name', message: '关卡名称须是 1 到 64 个字' },
      { field: 'levels[1].name', message: 'a second message for the same field' },
      { field: 'levels[2].id', message: '不是本工种的关卡，或重复出现' },
      { field: 'levels[7].name', message: '没有这一关' },
      { field: 'levels', message: '至少要有一关' },
    ], sent)
    const [l22, l23, l26] = levels
    expect(byLevel[l23.key]).toEqual({ [`parts.${l23.parts[0].key}.knowledgePoints`]: '未知的知识点：设备' })
    expect(byLevel[l22.key]).toEqual({ name: '关卡名称须是 1 到 64 个字' })
    expect(byLevel[l26.key]).toEqual({ id: '不是本工种的关卡，或重复出现' })
    expect(general).toEqual(['没有这一关', '至少要有一关'])
  })

  it('checks a level as the server does', () => {
    const l = fromLevel(level({ name: ' ', star2: 50 }))
    l.parts[0].count = 11
    expect(checkLevel(l)).toMatchObject({
      name: '关卡名称须是 1 到 64 个字',
      star3: '星级分数须从一星到三星递增',
      drawRule: '各规则抽题数之和（11）超过了关卡题数（10）',
    })
    expect(checkLevel(fromLevel(level()))).toEqual({})
  })

  it('lists the published levels the edited map leaves out', () => {
    const view = mapView({ retiring: [level({ id: 30, name: '旧关卡' })] })
    const { levels, published } = fromView(view)
    expect(retiringLevels(levels, published).map((l) => l.id)).toEqual([30])
    expect(retiringLevels(levels.slice(1), published).map((l) => l.id)).toEqual([22, 30])
  })
})

describe('the level-map page', () => {
  async function open(handler, view = mapView()) {
    const pinia = signedIn()
    const calls = mockApi((call) => {
      const answer = handler?.(call)
      if (answer) return answer
      if (call.path === '/api/trades/11/level-map' && call.method === 'GET') return json(200, view)
      if (call.path === '/api/trades/11/knowledge-points') {
        return json(200, [{ id: 1, name: '安全规程', questions: 9 }, { id: 2, name: '设备与操作', questions: 8 }])
      }
      return undefined
    })
    const { wrapper } = await mountConsole('/level-map?trade=11', pinia)
    return { wrapper, calls }
  }
  const cards = (wrapper) => wrapper.findAll('[data-testid="level"]')

  it('shows each level with its settings and “可用 X / 需要 Y”, warning where the bank is short', async () => {
    const { wrapper } = await open()
    const [first, second, exam] = cards(wrapper)
    expect(cards(wrapper)).toHaveLength(3)
    expect(first.find('[data-testid="level-name"] input, input[data-testid="level-name"]').element.value).toBe('初级工 第1关')
    expect(first.find('[data-testid="level-grade"]').element.value).toBe('5')
    expect(first.find('[data-testid="part-availability"]').text()).toBe('可用 9 / 需要 4')
    expect(first.find('[data-testid="part-availability"]').attributes('data-short')).toBe('false')
    expect(first.find('[data-testid="part-points"]').text()).toContain('安全规程')
    expect(second.find('[data-testid="part-availability"]').text()).toContain('可用 3 / 需要 6')
    expect(second.find('[data-testid="part-availability"]').text()).toContain('题目不足')
    expect(exam.find('[data-testid="grade-availability"]').text()).toContain('考试题库')
    expect(exam.find('[data-testid="grade-availability"]').text()).toContain('可用 12 / 需要 20')
    expect(exam.find('[data-testid="grade-availability"]').attributes('data-short')).toBe('true')
    expect(wrapper.find('[data-testid="map-status"]').text()).toContain('其中 2 关题目不足')
    expect(wrapper.find('[data-testid="save-draft"]').attributes('disabled')).toBeDefined()
  })

  it('says whose draft it shows and when it was saved', async () => {
    const { wrapper } = await open(null, mapView({ draft: true, updatedAt: '2026-12-04T01:30:00Z', updatedBy: { id: 8, name: '王老师' } }))
    const status = wrapper.find('[data-testid="map-status"]').text()
    expect(status).toContain('草稿（未发布）')
    expect(status).toContain('最后由 王老师 于 2026/12/04 09:30 保存')
  })

  it('reorders with the arrows and saves the draft in the new order', async () => {
    const { wrapper, calls } = await open((call) => {
      if (call.path === '/api/trades/11/level-map/draft' && call.method === 'PUT') {
        return json(200, { ...mapView(), draft: true, levels: call.body.levels.map((l) => ({ level: l, availability: null })) })
      }
      return undefined
    })
    await cards(wrapper)[2].find('[data-testid="move-up"]').trigger('click')
    await cards(wrapper)[0].find('[data-testid="move-down"]').trigger('click')
    // 22 23 26 → 22 26 23 → 26 22 23
    expect(cards(wrapper).map((c) => c.attributes('data-level-id'))).toEqual(['26', '22', '23'])
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(true)
    await wrapper.find('[data-testid="save-draft"]').trigger('click')
    await settle()
    const put = calls.find((c) => c.method === 'PUT')
    expect(put.path).toBe('/api/trades/11/level-map/draft')
    expect(put.body.levels.map((l) => l.id)).toEqual([26, 22, 23])
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="map-status"]').text()).toContain('草稿（未发布）')
  })

  it('saves from the revision it loaded, and when another trainer saved first says who and offers to reload', async () => {
    let view = { ...mapView(), revision: 'published-3' }
    const { wrapper, calls } = await open((call) => {
      if (call.path === '/api/trades/11/level-map/draft' && call.method === 'PUT') {
        return json(409, { type: 'https://chuangguan.io/problems/map-changed', status: 409,
          detail: '关卡地图已被王老师于 12月4日 09:30:00 修改：请刷新后再改' })
      }
      if (call.path === '/api/trades/11/level-map' && call.method === 'GET') return json(200, view)
      return undefined
    })
    await cards(wrapper)[2].find('[data-testid="move-up"]').trigger('click')
    await wrapper.find('[data-testid="save-draft"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.method === 'PUT').body.revision).toBe('published-3')
    const alert = wrapper.find('[data-testid="map-changed"]')
    expect(alert.text()).toContain('关卡地图已被王老师于 12月4日 09:30:00 修改')
    // the edit stays on the page until the trainer chooses to reload
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(true)
    view = { ...mapView({ draft: true, updatedBy: { id: 8, name: '王老师' } }), revision: 'draft-1' }
    await alert.find('[data-testid="reload-map"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="map-changed"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="map-status"]').text()).toContain('最后由 王老师')
  })

  it('counts a rule as it is edited, unsaved, with one request for the map a while after the last change', async () => {
    const { wrapper, calls } = await open((call) => {
      if (call.path === '/api/trades/11/level-map/availability' && call.method === 'POST') {
        return json(200, call.body.levels.map((l) => ({
          pool: l.exam ? 'EXAM' : 'LEARNING', grade: { count: l.questionCount, available: 67 },
          parts: l.drawRule.parts.map((p) => ({ count: p.count, available: p.knowledgePoints.includes('设备与操作') ? 8 : 9 })),
        })))
      }
      return undefined
    })
    const first = () => cards(wrapper)[0]
    await first().find('[data-testid="add-part"]').trigger('click')
    await settle()
    const added = () => first().findAll('[data-testid="part-availability"]').at(-1)
    expect(added().text()).toContain('可用 ？')
    await new Promise((resolve) => setTimeout(resolve, 700))
    await settle()
    const counting = calls.filter((c) => c.path.endsWith('/level-map/availability'))
    expect(counting).toHaveLength(1)
    expect(counting[0].body.levels).toHaveLength(3)
    expect(added().text()).toBe('可用 9 / 需要 1')
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
  })

  it('moves a level dragged by its handle to where it is dropped', async () => {
    const { wrapper } = await open()
    const dataTransfer = { setData: vi.fn(), setDragImage: vi.fn(), effectAllowed: '' }
    await cards(wrapper)[0].find('[data-testid="drag-handle"]').trigger('dragstart', { dataTransfer })
    // happy-dom lays nothing out: every box is empty, so the pointer is in the lower half (drop after that level)
    await cards(wrapper)[2].trigger('dragover', { dataTransfer, clientY: 0 })
    await cards(wrapper)[2].trigger('drop', { dataTransfer })
    expect(cards(wrapper).map((c) => c.attributes('data-level-id'))).toEqual(['23', '26', '22'])
    // a drag that did not start at a handle (text dragged out of an input) moves nothing
    await cards(wrapper)[1].trigger('dragover', { dataTransfer, clientY: 0 })
    await cards(wrapper)[1].trigger('drop', { dataTransfer })
    expect(cards(wrapper).map((c) => c.attributes('data-level-id'))).toEqual(['23', '26', '22'])
  })

  it('shows the server’s violations at the fields of the levels they name', async () => {
    const { wrapper } = await open((call) => {
      if (call.method === 'PUT') {
        return json(422, { type: 'https://chuangguan.io/problems/unprocessable', status: 422, detail: 'The level map has invalid fields',
          violations: [
            { field: 'levels[0].drawRule.parts[0].knowledgePoints', message: '未知的知识点：设备与操作' },
            { field: 'levels[1].star3', message: '星级分数须从一星到三星递增' },
            { field: 'levels[2].id', message: '不是本工种的关卡，或重复出现' },
          ] })
      }
      return undefined
    })
    // the second level first: "levels[0]" is then the level of id 23
    await cards(wrapper)[1].find('[data-testid="move-up"]').trigger('click')
    await wrapper.find('[data-testid="save-draft"]').trigger('click')
    await settle()
    const [l23, l22, l26] = cards(wrapper)
    expect(l23.attributes('data-level-id')).toBe('23')
    expect(l23.find('[data-testid="part"]').text()).toContain('未知的知识点：设备与操作')
    expect(l22.text()).toContain('星级分数须从一星到三星递增')
    expect(l22.find('[data-testid="part"]').text()).not.toContain('未知的知识点')
    expect(l26.text()).toContain('不是本工种的关卡，或重复出现')
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(true)
  })

  it('adds a level and a rule, and does not send a map its own checks refuse', async () => {
    const { toast } = await import('../../src/console/lib/feedback.js')
    const { wrapper, calls } = await open()
    await wrapper.find('[data-testid="add-level"]').trigger('click')
    expect(cards(wrapper)).toHaveLength(4)
    const added = cards(wrapper)[3]
    expect(added.attributes('data-level-id')).toBe('')
    expect(added.find('[data-testid="grade-availability"]').text()).toContain('可用 ？ / 需要 10')
    await added.find('[data-testid="add-part"]').trigger('click')
    expect(added.find('[data-testid="part-availability"]').text()).toBe('可用 ？ / 需要 1')
    await wrapper.find('[data-testid="save-draft"]').trigger('click')
    await settle()
    expect(toast.warning).toHaveBeenCalledWith('请按红色提示修改后再保存')
    expect(cards(wrapper)[3].text()).toContain('关卡名称须是 1 到 64 个字')
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
  })

  it('draws a sample paper from the level as edited, unsaved, and shows its shortfall', async () => {
    const { wrapper, calls } = await open((call) => {
      if (call.path === '/api/trades/11/level-map/sample-paper') {
        return json(200, { shortfall: 2, questions: [
          { questionId: 1, versionId: 11, type: 'SINGLE', stem: '安全色中表示禁止的颜色是（ ）。', difficulty: 1, grade: 5, knowledgePoints: ['安全规程'] },
          { questionId: 2, versionId: 12, type: 'TRUE_FALSE', stem: '氧气管道可以用沾有油脂的手套操作。', difficulty: 2, grade: 4, knowledgePoints: ['安全规程'] },
        ] })
      }
      return undefined
    })
    const first = cards(wrapper)[0]
    await first.find('[data-testid="part-count"] input').setValue('3')
    await first.find('[data-testid="part-count"] input').trigger('change')
    await first.find('[data-testid="preview"]').trigger('click')
    await settle()
    const sent = calls.find((c) => c.path === '/api/trades/11/level-map/sample-paper')
    expect(sent.method).toBe('POST')
    expect(sent.params.get('seed')).toMatch(/^\d+$/)
    expect(sent.body).toMatchObject({ id: 22, grade: 5, questionCount: 10, drawRule: { parts: [{ knowledgePoints: ['安全规程'], count: 3 }] } })
    const dialog = document.body.querySelector('[data-testid="sample-table"]').closest('.el-dialog')
    const stems = [...dialog.querySelectorAll('[data-testid="sample-stem"]')].map((e) => e.textContent)
    expect(stems).toEqual(['安全色中表示禁止的颜色是（ ）。', '氧气管道可以用沾有油脂的手套操作。'])
    expect(dialog.textContent).toContain('单选题')
    expect(dialog.textContent).toContain('他级')
    expect(dialog.querySelector('[data-testid="sample-shortfall"]').textContent).toContain('比关卡题数少 2 道')
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
  })

  it('publishes after listing the levels it retires and saying workers keep their progress', async () => {
    const saved = mapView({ draft: true, updatedAt: '2026-12-04T01:30:00Z', updatedBy: { id: 7, name: '李培训' } })
    const { wrapper, calls } = await open((call) => {
      if (call.method === 'PUT') {
        return json(200, { ...saved, levels: saved.levels.slice(1), retiring: [saved.levels[0].level] })
      }
      if (call.path === '/api/trades/11/level-map/publish') return json(200, { ...saved, draft: false, levels: saved.levels.slice(1) })
      return undefined
    })
    await cards(wrapper)[0].find('[data-testid="remove-level"]').trigger('click')
    expect(wrapper.find('[data-testid="retiring"]').text()).toContain('初级工 第1关')
    await wrapper.find('[data-testid="publish"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.method === 'PUT').body.levels.map((l) => l.id)).toEqual([23, 26])
    const dialog = document.body.querySelector('[data-testid="publish-retiring"]').closest('.el-dialog')
    expect(dialog.querySelector('[data-testid="publish-retiring"]').textContent).toContain('初级工 第1关')
    expect(dialog.textContent).toContain('职工已开启或已通过的关卡仍然保留')
    expect(calls.some((c) => c.path.endsWith('/publish'))).toBe(false)
    dialog.querySelector('[data-testid="publish-confirm"]').click()
    await settle()
    expect(calls.find((c) => c.path.endsWith('/publish')).method).toBe('POST')
    expect(wrapper.find('[data-testid="map-status"]').text()).toContain('已发布')
  })

  it('discards the draft with DELETE and shows the published map', async () => {
    const { wrapper, calls } = await open((call) => {
      if (call.method === 'DELETE') return json(200, mapView({ levels: mapView().levels.slice(0, 1) }))
      return undefined
    }, mapView({ draft: true, updatedAt: '2026-12-04T01:30:00Z', updatedBy: { id: 7, name: '李培训' } }))
    await wrapper.find('[data-testid="discard"]').trigger('click')
    await settle()
    expect(calls.find((c) => c.method === 'DELETE').path).toBe('/api/trades/11/level-map/draft')
    expect(cards(wrapper)).toHaveLength(1)
    expect(wrapper.find('[data-testid="map-status"]').text()).toContain('已发布')
  })
})

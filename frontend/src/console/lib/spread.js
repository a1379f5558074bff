/**
 * The published bank's spread (GET /api/trades/{id}/question-spread: cells of grade × difficulty × pool) read
 * against the level map it is drawn on: an exam level's challenge draws the EXAM pool, any other level the
 * LEARNING pool, each attempt `questionCount` questions of the level's grade.
 */

export const DIFFICULTY_LEVELS = [1, 2, 3, 4, 5]
export const levelPool = (level) => (level.exam ? 'EXAM' : 'LEARNING')

/** Published questions of the cells matching `pool` ('' for both), by grade and difficulty: count(grade, difficulty). */
export function counter(cells, pool = '') {
  const map = new Map()
  for (const c of cells ?? []) {
    if (pool && c.pool !== pool) continue
    const key = `${c.grade}|${c.difficulty}`
    map.set(key, (map.get(key) ?? 0) + c.questions)
  }
  return (grade, difficulty) => map.get(`${grade}|${difficulty}`) ?? 0
}

/**
 * One row per grade (in the order given, e.g. 5 初级工 … 1 高级技师), per pool: the published questions, the map's
 * levels drawing from it (in map order) and the largest paper among them; `short` when the pool holds fewer
 * questions of the grade than one paper needs.
 */
export function gradeRows(cells, levels, grades) {
  return grades.map((grade) => {
    const row = { grade }
    for (const pool of ['LEARNING', 'EXAM']) {
      const published = (cells ?? []).filter((c) => c.grade === grade && c.pool === pool).reduce((n, c) => n + c.questions, 0)
      const drawing = (levels ?? []).filter((l) => l.grade === grade && levelPool(l) === pool)
        .sort((a, b) => (a.mapOrder ?? 0) - (b.mapOrder ?? 0))
      const largest = drawing.reduce((n, l) => Math.max(n, l.questionCount ?? 0), 0)
      row[pool] = { published, levels: drawing, largest, short: drawing.length > 0 && published < largest }
    }
    return row
  })
}

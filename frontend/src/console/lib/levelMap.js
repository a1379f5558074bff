/**
 * The level-map editor's model: the map's levels as the page edits them (each level and each draw-rule part with
 * a local key, so that errors and availability follow them when they are moved), the request bodies
 * (LevelDraft), the server's violations ("levels[3].drawRule.parts[1].knowledgePoints") put back at the level and
 * part they name, and the same checks as the server's with its messages.
 */

export const NAME_MAX = 64
export const COUNT_RANGE = [1, 200]
export const TIME_RANGE = [30, 7200]
export const SCORE_RANGE = [0, 100]
export const DIFFICULTY_RANGE = [1, 5]

let sequence = 0
const nextKey = (prefix) => `${prefix}${++sequence}`

/** The pool an attempt at the level draws from: an exam level's challenge draws the EXAM pool. */
export const poolOf = (level) => (level.exam ? 'EXAM' : 'LEARNING')

/** What a part's count of available questions depends on: its filter, the level's grade and pool. */
function partBasis(part, level) {
  return JSON.stringify([[...(part.knowledgePoints ?? [])].sort(), part.difficultyMin ?? null, part.difficultyMax ?? null, level.grade, poolOf(level)])
}
const gradeBasis = (level) => `${level.grade}|${poolOf(level)}`

/** A draw-rule part for the editor (from a LevelDraft's part, or a new empty one). */
export function newPart(part = {}) {
  return {
    key: nextKey('p'),
    knowledgePoints: [...(part.knowledgePoints ?? [])],
    difficultyMin: part.difficultyMin ?? null,
    difficultyMax: part.difficultyMax ?? null,
    count: part.count ?? 1,
    counted: null,
  }
}

/**
 * The editor's level from a LevelDraft and, when the server counted them, its availability: each count is kept
 * with what it was counted for, and is shown only while the part's filter and the level's grade and pool are the
 * same (a changed filter is counted again when the draft is saved).
 */
export function fromLevel(draft, availability = null) {
  const level = {
    key: nextKey('l'),
    id: draft.id ?? null,
    name: draft.name ?? '',
    grade: draft.grade ?? null,
    exam: !!draft.exam,
    questionCount: draft.questionCount ?? 10,
    timeLimitSeconds: draft.timeLimitSeconds ?? 600,
    passMark: draft.passMark ?? 60,
    star1: draft.star1 ?? 60,
    star2: draft.star2 ?? 80,
    star3: draft.star3 ?? 100,
    parts: (draft.drawRule?.parts ?? []).map(newPart),
    gradeCounted: null,
  }
  if (availability) {
    level.parts.forEach((part, j) => {
      const counted = availability.parts?.[j]
      if (counted) part.counted = { available: counted.available, basis: partBasis(part, level) }
    })
    if (availability.grade) level.gradeCounted = { available: availability.grade.available, basis: gradeBasis(level) }
  }
  return level
}

/** A new level after `previous` (same grade), with the usual settings of the demo map. */
export function newLevel(previous = null) {
  return fromLevel({ name: '', grade: previous?.grade ?? 5, exam: false, questionCount: 10, timeLimitSeconds: 600, passMark: 60,
    star1: 60, star2: 80, star3: 100, drawRule: { parts: [] } })
}

/**
 * The page's state from a MapView: the levels in map order; the published levels by id (those of the draft and
 * those it retires), to tell which levels a removal retires and to put one back.
 */
export function fromView(view) {
  const levels = (view?.levels ?? []).map((l) => fromLevel(l.level, l.availability))
  const published = new Map()
  for (const l of view?.levels ?? []) if (l.level.id != null) published.set(l.level.id, l.level)
  for (const l of view?.retiring ?? []) if (l.id != null) published.set(l.id, l)
  return {
    levels,
    published,
    draft: !!view?.draft,
    updatedAt: view?.updatedAt ?? null,
    updatedBy: view?.updatedBy ?? null,
    revision: view?.revision ?? null,
  }
}

/** The published levels (LevelDraft) that the map as edited leaves out: publishing retires them. */
export function retiringLevels(levels, published) {
  const kept = new Set(levels.map((l) => l.id).filter((id) => id != null))
  return [...published.values()].filter((l) => !kept.has(l.id))
}

/** A level as the request body (LevelDraft). */
export function toDraft(level) {
  return {
    id: level.id ?? null,
    name: (level.name ?? '').trim(),
    grade: level.grade,
    exam: !!level.exam,
    questionCount: level.questionCount,
    timeLimitSeconds: level.timeLimitSeconds,
    passMark: level.passMark,
    star1: level.star1,
    star2: level.star2,
    star3: level.star3,
    drawRule: {
      parts: level.parts.map((p) => ({
        knowledgePoints: [...p.knowledgePoints],
        difficultyMin: p.difficultyMin ?? null,
        difficultyMax: p.difficultyMax ?? null,
        count: p.count,
      })),
    },
  }
}

export const toRequest = (levels) => levels.map(toDraft)

/** The levels with the one at `from` moved to `to` (a new array; out-of-range moves change nothing). */
export function moveLevel(levels, from, to) {
  if (from === to || from < 0 || to < 0 || from >= levels.length || to >= levels.length) return levels
  const next = [...levels]
  const [moved] = next.splice(from, 1)
  next.splice(to, 0, moved)
  return next
}

/** How many questions the part can draw from (null: not counted for its current filter) and how many it needs. */
export function partAvailability(level, part) {
  const available = part.counted && part.counted.basis === partBasis(part, level) ? part.counted.available : null
  const needed = part.count ?? 0
  return { available, needed, short: available != null && available < needed }
}

/** The same for the level as a whole: the published questions of its grade in its pool against its question count. */
export function gradeAvailability(level) {
  const counted = level.gradeCounted
  const available = counted && counted.basis === gradeBasis(level) ? counted.available : null
  const needed = level.questionCount ?? 0
  return { available, needed, pool: poolOf(level), short: available != null && available < needed }
}

/** True when some part's or level's count is missing or was counted for another filter, grade or pool. */
export function needsCounting(levels) {
  return levels.some((l) => gradeAvailability(l).available == null || l.parts.some((p) => partAvailability(l, p).available == null))
}

/**
 * The levels as sent for counting, remembered by key with what each count will be for: the answer comes back in the
 * order sent, and is put where those levels and parts are then (moved or not), valid only while nothing changed.
 */
export function countingRequest(levels) {
  return {
    body: toRequest(levels),
    sent: levels.map((l) => ({ key: l.key, grade: gradeBasis(l), parts: l.parts.map((p) => ({ key: p.key, basis: partBasis(p, l) })) })),
  }
}

/** Puts the counts of the availability endpoint (Availability[] in the order sent) at the levels and parts sent. */
export function applyCounts(levels, sent, availabilities) {
  const byKey = new Map(levels.map((l) => [l.key, l]))
  sent.forEach((s, i) => {
    const level = byKey.get(s.key)
    const counted = availabilities?.[i]
    if (!level || !counted) return
    if (counted.grade) level.gradeCounted = { available: counted.grade.available, basis: s.grade }
    s.parts.forEach((sp, j) => {
      const part = level.parts.find((p) => p.key === sp.key)
      const supply = counted.parts?.[j]
      if (part && supply) part.counted = { available: supply.available, basis: sp.basis }
    })
  })
}

export const partsTotal = (level) => level.parts.reduce((n, p) => n + (Number(p.count) || 0), 0)

/**
 * The server's violations put at the levels and parts they name: { [levelKey]: { [field]: message } } with
 * fields as the page names them ("name", "star3", "drawRule", "parts.<partKey>.knowledgePoints", "id"); `sent` are
 * the levels in the order they were sent (the sample paper sends one level: its "levels[0]…"). Violations naming
 * no level of `sent` go to `general`.
 */
export function placeViolations(violations, sent) {
  const byLevel = {}
  const general = []
  for (const v of violations ?? []) {
    const m = /^levels\[(\d+)\](?:\.(.+))?$/.exec(v?.field ?? '')
    const level = m ? sent[Number(m[1])] : null
    if (!level) {
      if (v?.message) general.push(v.message)
      continue
    }
    let field = m[2] ?? 'level'
    const part = /^drawRule\.parts\[(\d+)\](?:\.(.+))?$/.exec(field)
    if (part) {
      const p = level.parts[Number(part[1])]
      field = p ? `parts.${p.key}.${part[2] ?? 'part'}` : 'drawRule'
    }
    const errors = byLevel[level.key] ?? (byLevel[level.key] = {})
    if (!(field in errors)) errors[field] = v.message
  }
  return { byLevel, general }
}

const within = (value, [low, high]) => Number.isInteger(value) && value >= low && value <= high

/** The server's checks of one level, with its messages, by field as placeViolations names them. */
export function checkLevel(level) {
  const errors = {}
  const name = (level.name ?? '').trim()
  if (!name || name.length > NAME_MAX) errors.name = `关卡名称须是 1 到 ${NAME_MAX} 个字`
  if (!within(level.grade, [1, 5])) errors.grade = '请选择等级'
  if (!within(level.questionCount, COUNT_RANGE)) errors.questionCount = `题数须在 ${COUNT_RANGE[0]} 到 ${COUNT_RANGE[1]} 之间`
  if (!within(level.timeLimitSeconds, TIME_RANGE)) errors.timeLimitSeconds = `限时（秒）须在 ${TIME_RANGE[0]} 到 ${TIME_RANGE[1]} 之间`
  if (!within(level.passMark, SCORE_RANGE)) errors.passMark = '及格分须在 0 到 100 之间'
  const stars = [level.star1, level.star2, level.star3]
  if (!stars.every((s) => within(s, SCORE_RANGE))) errors.star3 = '星级分数须在 0 到 100 之间'
  else if (!(stars[0] < stars[1] && stars[1] < stars[2])) errors.star3 = '星级分数须从一星到三星递增'
  for (const part of level.parts) {
    if (!Number.isInteger(part.count) || part.count < 1) errors[`parts.${part.key}.count`] = '抽题数至少为 1'
    const { difficultyMin: low, difficultyMax: high } = part
    if (low != null && high != null && low > high) errors[`parts.${part.key}.difficulty`] = '难度下限不能高于上限'
  }
  const total = partsTotal(level)
  if (Number.isInteger(level.questionCount) && total > level.questionCount) {
    errors.drawRule = `各规则抽题数之和（${total}）超过了关卡题数（${level.questionCount}）`
  }
  return errors
}

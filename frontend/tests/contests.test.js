import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  canFollowUp, canStart, entitled, formatCountdown, formatElapsed, isMine, lobbyTarget, myUnitTeam, runsLeft, sortContests,
  startLabel, stateBadge, stateLabel, teamRoleLabel, tierLabel, untilMs, verifyDraw,
} from '../src/lib/contests.js'
import { clockOffset } from '../src/lib/clock.js'

const SERVER_NOW = Date.parse('2026-12-04T02:00:00.000Z')
const sha = (text) => createHash('sha256').update(text).digest('hex')

function contest(overrides = {}) {
  const { mine, ...rest } = overrides
  return {
    id: 3, name: '2026年全市炼钢工技能竞赛', tier: 'CITY', format: 'INDIVIDUAL', state: 'REGISTRATION',
    registrationOpens: '2026-12-01T00:00:00Z', registrationCloses: '2026-12-05T10:00:00Z',
    startsAt: '2026-12-06T01:00:00Z', endsAt: '2026-12-06T03:00:00Z', durationSeconds: 1800, attemptsAllowed: 2,
    serverTime: new Date(SERVER_NOW).toISOString(), paperSize: 30,
    mine: { registered: false, mayRegister: true, teamRole: null, runsUsed: 0, openRunId: null, bestScore: null, place: null, qualified: false, ...mine },
    ...rest,
  }
}

describe('labels', () => {
  it('names the tiers and the states, a closed team contest waiting for its draw', () => {
    expect(tierLabel('ENTERPRISE')).toBe('企业级')
    expect(tierLabel('PROVINCE')).toBe('省级')
    expect(stateBadge(contest({ state: 'REGISTRATION' }))).toEqual({ label: '报名中', type: 'success' })
    expect(stateLabel(contest({ state: 'RUNNING' }))).toBe('进行中')
    expect(stateLabel(contest({ state: 'CLOSED' }))).toBe('待开赛')
    expect(stateLabel(contest({ state: 'CLOSED', format: 'TEAM' }))).toBe('待抽签')
    expect(stateLabel(contest({ state: 'MARKING' }))).toBe('待公布成绩')
    expect(stateLabel(contest({ state: 'FINAL' }))).toBe('成绩已公布')
    expect(stateLabel(contest({ state: 'SOMETHING_NEW' }))).toBe('SOMETHING_NEW')
  })

  it('says my part in a team: named, drawn, not drawn once the draw is done, waiting before it', () => {
    const team = (teamRole, state = 'DRAWN') => contest({ format: 'TEAM', state, mine: { teamRole, mayRegister: false } })
    expect(teamRoleLabel(team('NAMED'))).toBe('指定参赛')
    expect(teamRoleLabel(team('DRAWN'))).toBe('被抽中')
    expect(teamRoleLabel(team('ROSTER'))).toBe('未抽中')
    expect(teamRoleLabel(team('ROSTER', 'CLOSED'))).toBe('待抽签')
    expect(teamRoleLabel(team(null, 'REGISTRATION'))).toBe('报名截止后抽签')
    expect(teamRoleLabel(team(null, 'RUNNING'))).toBe('不在参赛名册中')
    expect(teamRoleLabel(contest())).toBeNull()
  })
})

describe('who may run', () => {
  it('is the registered worker of an individual contest, the named or drawn one of a team', () => {
    expect(entitled(contest({ mine: { registered: true } }))).toBe(true)
    expect(entitled(contest())).toBe(false)
    expect(entitled(contest({ format: 'TEAM', mine: { teamRole: 'DRAWN' } }))).toBe(true)
    expect(entitled(contest({ format: 'TEAM', mine: { teamRole: 'NAMED' } }))).toBe(true)
    expect(entitled(contest({ format: 'TEAM', mine: { teamRole: 'ROSTER' } }))).toBe(false)
    // a team contest does not register workers
    expect(entitled(contest({ format: 'TEAM', mine: { registered: true, teamRole: 'ROSTER' } }))).toBe(false)
  })

  it('offers the start while running and entitled with a run left, and always the open run', () => {
    const running = (mine) => contest({ state: 'RUNNING', mine: { registered: true, mayRegister: false, ...mine } })
    expect(canStart(running({ runsUsed: 0 }))).toBe(true)
    expect(startLabel(running({ runsUsed: 0 }))).toBe('开始答题')
    expect(canStart(running({ runsUsed: 1 }))).toBe(true)
    expect(startLabel(running({ runsUsed: 1 }))).toBe('再答一次（还剩 1 次）')
    expect(runsLeft(running({ runsUsed: 2 }))).toBe(0)
    expect(canStart(running({ runsUsed: 2 }))).toBe(false)
    expect(canStart(running({ runsUsed: 2, openRunId: 91 }))).toBe(true)
    expect(startLabel(running({ runsUsed: 2, openRunId: 91 }))).toBe('继续答题')
    expect(canStart(running({ registered: false }))).toBe(false)
    expect(canStart(contest({ state: 'DRAWN', mine: { registered: true } }))).toBe(false)
  })

  it('offers the follow-up practice once the window is over, to those who handed in a run', () => {
    expect(canFollowUp(contest({ state: 'MARKING', mine: { runsUsed: 1 } }))).toBe(true)
    expect(canFollowUp(contest({ state: 'FINAL', mine: { runsUsed: 2 } }))).toBe(true)
    expect(canFollowUp(contest({ state: 'FINAL', mine: { runsUsed: 0 } }))).toBe(false)
    expect(canFollowUp(contest({ state: 'RUNNING', mine: { runsUsed: 1 } }))).toBe(false)
  })
})

describe('the list', () => {
  it('tells my contests from the others', () => {
    expect(isMine(contest({ mine: { registered: true } }))).toBe(true)
    expect(isMine(contest({ format: 'TEAM', mine: { teamRole: 'DRAWN' } }))).toBe(true)
    expect(isMine(contest({ format: 'TEAM', mine: { teamRole: 'ROSTER' } }))).toBe(false)
    expect(isMine(contest({ state: 'FINAL', mine: { place: 4 } }))).toBe(true)
    expect(isMine(contest())).toBe(false)
  })

  it('puts the running ones first, then registration, then the waiting ones soonest first, the finished last', () => {
    const list = [
      contest({ id: 1, state: 'FINAL', startsAt: '2026-10-01T01:00:00Z' }),
      contest({ id: 2, state: 'DRAWN', startsAt: '2026-12-20T01:00:00Z' }),
      contest({ id: 3, state: 'RUNNING' }),
      contest({ id: 4, state: 'FINAL', startsAt: '2026-11-01T01:00:00Z' }),
      contest({ id: 5, state: 'CLOSED', startsAt: '2026-12-10T01:00:00Z' }),
      contest({ id: 6, state: 'REGISTRATION' }),
      contest({ id: 7, state: 'DRAWN', startsAt: '2026-12-08T01:00:00Z' }),
    ]
    expect(sortContests(list).map((c) => c.id)).toEqual([3, 6, 7, 2, 5, 4, 1])
    expect(list[0].id).toBe(1) // not sorted in place
  })
})

describe('the lobby countdown', () => {
  it('counts to the start before it, to the end while running, and not at all once over', () => {
    expect(lobbyTarget(contest({ state: 'REGISTRATION' }))).toMatchObject({ kind: 'start', at: '2026-12-06T01:00:00Z' })
    expect(lobbyTarget(contest({ state: 'DRAWN' }))).toMatchObject({ kind: 'start', label: '距离开赛' })
    expect(lobbyTarget(contest({ state: 'RUNNING' }))).toMatchObject({ kind: 'end', at: '2026-12-06T03:00:00Z' })
    expect(lobbyTarget(contest({ state: 'MARKING' }))).toBeNull()
    expect(lobbyTarget(contest({ state: 'FINAL' }))).toBeNull()
  })

  it('follows the server time of the answer, not the phone clock', () => {
    const startsAt = new Date(SERVER_NOW + 90 * 60000).toISOString()
    const phoneNow = SERVER_NOW - 10 * 60000 // the phone is ten minutes slow
    const offset = clockOffset({ serverTime: new Date(SERVER_NOW).toISOString(), sentAt: phoneNow - 200, receivedAt: phoneNow + 200 })
    expect(offset).toBe(10 * 60000)
    expect(untilMs(startsAt, offset, phoneNow)).toBe(90 * 60000)
    expect(formatCountdown(untilMs(startsAt, offset, phoneNow))).toBe('1:30:00')
    // by the phone's own clock the worker would wait ten minutes too long
    expect(untilMs(startsAt, 0, phoneNow)).toBe(100 * 60000)
    expect(untilMs(startsAt, offset, phoneNow + 2 * 3600000)).toBe(0)
  })

  it('is shown with days from a day up, rounded up, never negative', () => {
    expect(formatCountdown(2 * 86400000 + 3 * 3600000 + 4 * 60000 + 5000)).toBe('2 天 03:04:05')
    expect(formatCountdown(86400000)).toBe('1 天 00:00:00')
    expect(formatCountdown(86399500)).toBe('1 天 00:00:00')
    expect(formatCountdown(65000)).toBe('01:05')
    expect(formatCountdown(-5000)).toBe('00:00')
  })

  it('shows the time taken in words', () => {
    expect(formatElapsed(45000)).toBe('45 秒')
    expect(formatElapsed(725000)).toBe('12 分 05 秒')
    expect(formatElapsed(3720000)).toBe('1 小时 02 分')
    expect(formatElapsed(null)).toBe('–')
  })
})

describe('the draw proof', () => {
  const seed = 'a'.repeat(64)
  const roster = [108, 17, 42]
  const team = { enterpriseId: 5, enterpriseName: '济南鲁钢', rosterHash: sha('17,42,108'), roster, named: [17], drawn: [42], rosterIntact: true }
  const draw = { seedCommitment: sha(seed), seed, drawnPerTeam: 1, teams: [{ enterpriseId: 4, roster: [] }, team] }

  it('finds my unit\'s team', () => {
    expect(myUnitTeam(draw, 5)).toBe(team)
    expect(myUnitTeam(draw, 9)).toBeNull()
    expect(myUnitTeam(draw, null)).toBeNull()
  })

  it('checks the seed against its commitment and the roster against its hash on the phone', async () => {
    expect(await verifyDraw(draw, team)).toEqual({ seed: true, roster: true })
    expect(await verifyDraw({ ...draw, seed: 'b'.repeat(64) }, { ...team, roster: [17, 42] })).toEqual({ seed: false, roster: false })
    // before the draw the seed is not known yet
    expect(await verifyDraw({ ...draw, seed: null }, null)).toEqual({ seed: null, roster: null })
  })
})

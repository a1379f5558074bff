import { describe, expect, it } from 'vitest'
import { ApiError, messageFor, plainMessage } from '../src/api/errors.js'

const p = (slug, extra = {}) => ({ type: `https://chuangguan.io/problems/${slug}`, ...extra })

describe('problem+json in plain Chinese', () => {
  it('names the usual problems', () => {
    expect(messageFor(401, p('invalid-credentials'))).toBe('手机号或密码错误')
    expect(messageFor(403, p('level-locked'))).toBe('本关还未解锁，请先通过上一关')
    expect(messageFor(409, p('attempt-timed-out'))).toContain('答题时间已到')
    expect(messageFor(409, p('application-pending'))).toContain('正在审核中')
    expect(messageFor(409, p('not-eligible'))).toBe('暂不符合晋级条件')
  })

  it('uses the field violations of a 400', () => {
    expect(messageFor(400, p('validation', { violations: [{ field: 'phone', message: 'must be...' }] }))).toBe('请输入正确的11位手机号')
  })

  it('counts the lockout in minutes from Retry-After', () => {
    expect(messageFor(429, p('too-many-login-attempts'), 900)).toBe('登录失败次数过多，请 15 分钟后再试')
    expect(messageFor(429, p('too-many-login-attempts'), 30)).toContain('请 1 分钟后再试')
  })

  it('tells the owner of a slowed phone number that their usual phone still gets in', () => {
    expect(messageFor(429, p('too-many-login-slowed'), 30)).toBe('该手机号近期登录失败较多，为保护账号，请 30 秒后再试（在常用的手机上登录不受影响）')
  })

  it('says the boards are being rebuilt rather than that the server is down', () => {
    expect(messageFor(503, p('boards-rebuilding'), 5)).toBe('排行榜正在更新，请几秒后再试')
    expect(messageFor(503, p('busy'), 2)).toBe('服务器繁忙，请稍后再试')
  })

  it('does not call another 429 a login lockout', () => {
    expect(messageFor(429, null, 60)).toBe('操作太频繁，请 1 分钟后再试')
    expect(messageFor(429, p('too-many-requests'), 120)).toBe('操作太频繁，请 2 分钟后再试')
    expect(messageFor(429, null)).toBe('操作太频繁，请稍后再试')
    expect(messageFor(429, p('too-many-attempt-starts'), 42)).toBe('操作太频繁，请 42 秒后再试')
    expect(messageFor(429, p('too-many-exam-starts'), 5 * 3600)).toBe('本考核今天的考试次数已用完，请 5 小时后再来')
    expect(messageFor(429, p('too-many-login-attempts'))).toBe('登录失败次数过多，请 15 分钟后再试')
  })

  it('falls back on the status without a known type', () => {
    expect(messageFor(500, null)).toBe('服务器开小差了，请稍后再试（500）')
    expect(messageFor(503, null)).toContain('服务器暂时无法访问')
    expect(messageFor(404, { title: 'Not Found' })).toBe('内容不存在或已被删除')
  })

  it('never passes the browser\'s English on to the worker', () => {
    expect(plainMessage(new ApiError('网络连接失败，请检查网络后重试', { network: true }))).toBe('网络连接失败，请检查网络后重试')
    expect(plainMessage(new Error('您的账号没有工种，无法闯关'))).toBe('您的账号没有工种，无法闯关')
    expect(plainMessage(new TypeError('Failed to fetch dynamically imported module: /assets/QuizView-1.js'))).toBe('页面加载失败，请检查网络后重试')
    expect(plainMessage(new TypeError("Cannot read properties of null (reading 'items')"))).toBe('页面加载失败，请检查网络后重试')
    expect(plainMessage(undefined)).toBe('页面加载失败，请检查网络后重试')
  })
})

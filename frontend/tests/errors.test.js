import { describe, expect, it } from 'vitest'
import { messageFor } from '../src/api/errors.js'

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
    expect(messageFor(429, p('login-locked'), 900)).toBe('登录失败次数过多，账号已临时锁定，请 15 分钟后再试')
    expect(messageFor(429, p('login-locked'), 30)).toContain('请 1 分钟后再试')
  })

  it('falls back on the status without a known type', () => {
    expect(messageFor(500, null)).toBe('服务器开小差了，请稍后再试（500）')
    expect(messageFor(503, null)).toContain('服务器暂时无法访问')
    expect(messageFor(404, { title: 'Not Found' })).toBe('内容不存在或已被删除')
  })
})

import { ApiError, plainMessage } from '../../api/errors.js'

const CHINESE = /[\u4e00-\u9fff]/

/**
 * What to tell the trainer about a failed call. The question bank's problems carry a Chinese detail written for
 * trainers ("第 3 版正在审核，审核结束前不能修改") or Chinese violations: those say more than the generic message of
 * the phone app's table, so they come first.
 */
export function errorText(e) {
  if (e instanceof ApiError) {
    if (CHINESE.test(e.detail ?? '')) return e.detail
    const messages = e.violations.map((v) => v.message).filter((m) => CHINESE.test(m ?? ''))
    if (messages.length) return [...new Set(messages)].join('；')
  }
  return plainMessage(e)
}

/** The server's violations by field ("stem", "options[2]", "correctKeys", …), the first message of each. */
export function violationsByField(e) {
  const out = {}
  for (const v of e instanceof ApiError ? e.violations : []) {
    if (v?.field && !(v.field in out)) out[v.field] = v.message
  }
  return out
}

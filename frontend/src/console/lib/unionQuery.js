/**
 * The query keys a union page hands on to another: the menu keeps the unit and the period. Apart from lib/union.js
 * because the layout (in the console's entry) needs only this.
 */
export const SHARED_KEYS = ['unit', 'period', 'at', 'from', 'to']

export function sharedQuery(q) {
  return Object.fromEntries(SHARED_KEYS.filter((k) => q?.[k] != null && q[k] !== '').map((k) => [k, String(q[k])]))
}

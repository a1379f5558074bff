import { defineSessionStore } from '../../stores/auth.js'

/**
 * The console keeps its own session, apart from the phone app's (cg.auth): a trainer who also plays as a worker in
 * the same browser is not logged out of one by logging into the other, and a console login does not wipe the
 * phone app's unsent answers (the phone app clears them when another account logs in).
 */
export const CONSOLE_AUTH_KEY = 'cg.console.auth'
/** The trade last worked on, to open the console there again. */
export const TRADE_KEY = 'cg.console.trade'

export const useSessionStore = defineSessionStore('console-session', {
  storageKey: CONSOLE_AUTH_KEY,
  lockName: 'cg-console-refresh-token',
  forget: () => localStorage.removeItem(TRADE_KEY),
})

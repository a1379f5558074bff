import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { consoleApi } from '../api.js'
import { BANK_ROLES, hasAnyRole } from '../menu.js'
import { TRADE_KEY, useSessionStore } from './session.js'

function storedTrade() {
  const id = Number(localStorage.getItem(TRADE_KEY))
  return Number.isInteger(id) && id > 0 ? id : null
}

/**
 * Who is at the console and where they work: the account (GET /api/me), the industries and trades they may work on
 * (all for a system admin, else those of their scope), the skill grades' names, the selected trade (also in the
 * URL as ?trade=ID) and each trade's knowledge points.
 */
export const useWorkspaceStore = defineStore('workspace', () => {
  const session = useSessionStore()
  const me = ref(null)
  const industries = ref([])
  const grades = ref([])
  const tradeId = ref(storedTrade())
  const points = ref({})
  /** Why the account could not be loaded, for the layout to say so (the route guard lets the page open anyway). */
  const loadError = ref(null)
  let loading = null

  const roles = computed(() => me.value?.roles ?? session.user?.roles ?? [])
  const isAdmin = computed(() => roles.value.includes('SYSTEM_ADMIN'))
  const trades = computed(() =>
    industries.value.flatMap((i) => (i.trades ?? []).map((t) => ({ ...t, industryId: i.id, industryName: i.name }))))
  const trade = computed(() => trades.value.find((t) => t.id === tradeId.value) ?? null)

  function load(force = false) {
    if (me.value && !force) return Promise.resolve(me.value)
    if (!loading) {
      loading = (async () => {
        const account = await consoleApi.me()
        const bank = hasAnyRole(account.roles, BANK_ROLES)
        const [all, skillGrades] = bank ? await Promise.all([consoleApi.industries(), consoleApi.skillGrades()]) : [[], []]
        const mine = new Set((account.scope?.industries ?? []).map((i) => i.id))
        industries.value = account.roles.includes('SYSTEM_ADMIN') ? all : all.filter((i) => mine.has(i.id))
        // from the entry grade (5, 初级工) up to the highest (1, 高级技师), as trainers list them
        grades.value = [...skillGrades].sort((a, b) => b.grade - a.grade)
        me.value = account
        session.setUser(account)
        loadError.value = null
        return account
      })().catch((e) => {
        loadError.value = e
        throw e
      }).finally(() => {
        loading = null
      })
    }
    return loading
  }

  function isMyTrade(id) {
    return trades.value.some((t) => t.id === id)
  }

  function selectTrade(id) {
    tradeId.value = id
    localStorage.setItem(TRADE_KEY, String(id))
  }

  /** The trade to open when the URL names none (or one not the caller's): the last one used, else the first. */
  function defaultTradeId() {
    return isMyTrade(tradeId.value) ? tradeId.value : (trades.value[0]?.id ?? null)
  }

  async function knowledgePoints(id, force = false) {
    if (!points.value[id] || force) points.value = { ...points.value, [id]: await consoleApi.knowledgePoints(id) }
    return points.value[id]
  }

  function forgetPoints(id) {
    const { [id]: _dropped, ...rest } = points.value
    points.value = rest
  }

  function reset() {
    me.value = null
    loadError.value = null
    industries.value = []
    grades.value = []
    points.value = {}
  }

  return {
    me, industries, grades, tradeId, points, loadError, roles, isAdmin, trades, trade,
    load, isMyTrade, selectTrade, defaultTradeId, knowledgePoints, forgetPoints, reset,
  }
})

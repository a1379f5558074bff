import { defineStore } from 'pinia'
import { ref } from 'vue'
import { unionApi } from '../api.js'
import { UNION_ROLES, hasAnyRole } from '../menu.js'
import { organiserFallback } from '../lib/contest.js'
import { useUnionStore } from './union.js'
import { useWorkspaceStore } from './workspace.js'

/**
 * The names a ContestView does not carry (or not yet: organiserName, tradeName): the trades' from the industries (the
 * workspace's for a trainer, GET /api/industries for a union admin) and the organising units' from the union's
 * directory (union admins and system admins only), each asked for once.
 */
export const useContestNames = defineStore('contestNames', () => {
  const workspace = useWorkspaceStore()
  const union = useUnionStore()
  const industries = ref(null)
  const units = ref({})
  let industriesLoading = null
  const asked = new Set()

  /** Every trade the caller may choose for a contest: [{ id, name, industryId, industryName }]. */
  function trades() {
    const list = industries.value ?? workspace.industries
    return list.flatMap((i) => (i.trades ?? []).map((t) => ({ ...t, industryId: i.id, industryName: i.name })))
  }

  function loadIndustries() {
    if (industries.value || industriesLoading) return industriesLoading ?? Promise.resolve()
    if (!hasAnyRole(workspace.roles, UNION_ROLES) && workspace.industries.length) return Promise.resolve()
    industriesLoading = unionApi.industries()
      .then((list) => { industries.value = list })
      .catch(() => { /* the trade shows as its number */ })
      .finally(() => { industriesLoading = null })
    return industriesLoading
  }

  /** Looks up the names the contests need (the trades' list once, each organiser once). */
  function resolve(contests) {
    loadIndustries()
    if (!hasAnyRole(workspace.roles, UNION_ROLES)) return
    for (const c of contests ?? []) {
      const key = c.organiser
      if (!key || c.organiserName || asked.has(key)) continue
      asked.add(key)
      union.describe(key)
        .then((place) => { if (place?.unit?.name) units.value = { ...units.value, [key]: place.unit } })
        .catch(() => { /* shown as 地区 #12 */ })
    }
  }

  const trade = (c) => c?.tradeName ?? trades().find((t) => t.id === c?.tradeId)?.name ?? (c?.tradeId != null ? `工种 #${c.tradeId}` : '')
  const organiser = (c) => c?.organiserName ?? units.value[c?.organiser]?.name ?? organiserFallback(c?.organiser)
  /** The unit (UnitRef) of an organiser key, once known. */
  const unit = (key) => units.value[key] ?? null
  function remember(key, unitRef) {
    if (key && unitRef?.name) units.value = { ...units.value, [key]: unitRef }
  }

  return { industries, units, trades, loadIndustries, resolve, trade, organiser, unit, remember }
})

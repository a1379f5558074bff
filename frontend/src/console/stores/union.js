import { defineStore } from 'pinia'
import { ref } from 'vue'
import { unionApi } from '../api.js'
import { useSessionStore } from './session.js'

/**
 * The units a union admin has looked at: each one's UnitRef, breadcrumb path (with `inScope`) and child kind, by
 * its key ('' for the caller's own scope), so that the pages whose answers carry no path (coverage, weak points,
 * targets) can show where they are without asking again. Kept for one account.
 */
export const useUnionStore = defineStore('union', () => {
  const session = useSessionStore()
  const units = ref({})
  let owner = null

  function mine() {
    const id = session.user?.id ?? null
    if (id !== owner) {
      owner = id
      units.value = {}
    }
    return units.value
  }

  /** Keeps what a figures (or scope) answer says about its unit. */
  function remember(key, view) {
    if (!view?.unit) return
    mine()
    units.value = { ...units.value, [key ?? '']: { unit: view.unit, path: view.path ?? [view.unit], childKind: view.childKind ?? null } }
  }

  /** { unit, path, childKind } of the unit (null: the caller's own scope), asked for once. */
  async function describe(key) {
    const known = mine()[key ?? '']
    if (known) return known
    const view = key ? await unionApi.figures({ unit: key, period: 'DAY' }) : await unionApi.scope()
    remember(key, view)
    return units.value[key ?? '']
  }

  return { units, remember, describe }
})

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/index.js'
import { useAuthStore } from './auth.js'

/** The worker's profile and level map, shared by home, map and quiz; reloaded after each submission. */
export const useProfileStore = defineStore('profile', () => {
  const auth = useAuthStore()
  const me = ref(auth.user)
  const levels = ref(null)
  const levelsError = ref(null)
  let levelsLoading = null
  let meLoading = null

  const tradeId = computed(() => me.value?.trade?.id ?? null)
  const nextLevel = computed(() => levels.value?.find((l) => l.status === 'OPEN') ?? null)
  const passedCount = computed(() => levels.value?.filter((l) => l.status === 'PASSED').length ?? 0)

  function loadMe(force = false) {
    if (me.value && !force) return Promise.resolve(me.value)
    if (!meLoading) {
      meLoading = api.me().then((profile) => {
        me.value = profile
        auth.setUser(profile)
        return profile
      }).finally(() => {
        meLoading = null
      })
    }
    return meLoading
  }

  async function loadLevels(force = false) {
    if (levels.value && !force) return levels.value
    if (!levelsLoading) {
      levelsLoading = (async () => {
        const profile = await loadMe()
        if (!profile?.trade) throw new Error('您的账号没有工种，无法闯关')
        levels.value = await api.levels(profile.trade.id)
        levelsError.value = null
        return levels.value
      })().catch((e) => {
        levelsError.value = e.message
        throw e
      }).finally(() => {
        levelsLoading = null
      })
    }
    return levelsLoading
  }

  function levelById(id) {
    return levels.value?.find((l) => l.id === Number(id)) ?? null
  }

  function invalidate() {
    levels.value = null
  }

  function reset() {
    me.value = null
    levels.value = null
  }

  return { me, levels, levelsError, tradeId, nextLevel, passedCount, loadMe, loadLevels, levelById, invalidate, reset }
})

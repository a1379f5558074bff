import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter } from '../src/router.js'
import { AUTH_KEY } from '../src/stores/auth.js'

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('route guard', () => {
  it('sends a signed-out user to login, remembering where they wanted to go', async () => {
    const router = createAppRouter(createMemoryHistory())
    await router.push('/map')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/map')
  })

  it('lets a signed-in user in and keeps them away from the login page', async () => {
    localStorage.setItem(AUTH_KEY, JSON.stringify({ accessToken: 'A', refreshToken: 'R', expiresAt: Date.now() + 60000 }))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/leaderboard')
    expect(router.currentRoute.value.name).toBe('leaderboard')
    await router.push('/login')
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('has the contests as a tab, their pages behind the login', async () => {
    let router = createAppRouter(createMemoryHistory())
    await router.push('/contests/3/runs/91')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/contests/3/runs/91')
    localStorage.setItem(AUTH_KEY, JSON.stringify({ accessToken: 'A', refreshToken: 'R', expiresAt: Date.now() + 60000 }))
    setActivePinia(createPinia()) // a fresh page, signed in
    router = createAppRouter(createMemoryHistory())
    await router.push('/contests')
    expect(router.currentRoute.value.meta.tab).toBe('contests')
    for (const [path, name] of [['/contests/3', 'contest'], ['/contests/3/runs/91', 'contest-run'], ['/contests/3/runs/91/result', 'contest-run-result'],
      ['/contests/3/board', 'contest-board'], ['/contests/3/results', 'contest-results']]) {
      expect(router.resolve(path).name).toBe(name)
    }
  })

  it('has a 404 page for unknown addresses', async () => {
    const router = createAppRouter(createMemoryHistory())
    await router.push('/no/such/page')
    expect(router.currentRoute.value.name).toBe('not-found')
  })
})

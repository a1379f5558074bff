import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import { AUTH_KEY } from '../src/stores/auth.js'
import { json, mockFetch, signedIn } from './helpers.js'

vi.mock('../src/lib/ui.js', () => ({
  showConfirmDialog: vi.fn(() => Promise.resolve('confirm')),
  showToast: vi.fn(),
  showLoadingToast: vi.fn(),
  closeToast: vi.fn(),
  closeDialog: vi.fn(),
}))

const { default: MeView } = await import('../src/views/MeView.vue')

describe('MeView logout', () => {
  beforeEach(() => {
    signedIn({ id: 7, displayName: '王志强' })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('goes to the login page at once, without waiting for the server on a slow network', async () => {
    const calls = mockFetch((call) => (call.url === '/api/auth/logout'
      ? new Promise(() => {}) // the network hangs
      : json(200, { id: 7, displayName: '王志强' })))
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/me', name: 'me', component: MeView }, { path: '/login', name: 'login', component: { template: '<p>登录</p>' } }],
    })
    router.push('/me')
    await router.isReady()
    const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } })
    await flushPromises()
    await wrapper.find('[data-testid="logout"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('login')
    expect(calls.some((c) => c.url === '/api/auth/logout' && c.body.refreshToken === 'R1')).toBe(true)
    expect(localStorage.getItem(AUTH_KEY)).toBeNull()
  })
})

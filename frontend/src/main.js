import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router.js'
import { configureAuth } from './api/http.js'
import { httpAuthHooks, useAuthStore } from './stores/auth.js'
import { useProfileStore } from './stores/profile.js'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter()
app.use(router)

const auth = useAuthStore()
configureAuth(httpAuthHooks(auth))
auth.onSessionExpired(() => {
  useProfileStore().reset()
  const here = router.currentRoute.value
  if (here.name !== 'login') {
    router.replace({ name: 'login', query: { expired: '1', ...(here.fullPath !== '/' ? { redirect: here.fullPath } : {}) } })
  }
})

app.mount('#app')

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      /* no offline shell then; the app works as before */
    })
  })
}

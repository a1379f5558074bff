import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createConsoleRouter } from './router.js'
import { configureAuth } from '../api/http.js'
import { httpAuthHooks } from '../stores/auth.js'
import { useSessionStore } from './stores/session.js'
import { useWorkspaceStore } from './stores/workspace.js'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
const router = createConsoleRouter()
app.use(router)

const session = useSessionStore()
configureAuth(httpAuthHooks(session))
session.onSessionExpired(() => {
  useWorkspaceStore().reset()
  const here = router.currentRoute.value
  if (here.name !== 'login') {
    router.replace({ name: 'login', query: { expired: '1', ...(here.fullPath !== '/' ? { redirect: here.fullPath } : {}) } })
  }
})

app.mount('#app')

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'

/** The backend that the dev server and `vite preview` forward to. */
const backend = process.env.BACKEND_URL || 'http://localhost:8080'
const proxy = Object.fromEntries(['/api', '/certificates', '/verify'].map((p) => [p, { target: backend, changeOrigin: false }]))

/**
 * Emits dist/sw.js: the hand-made service worker of sw/sw.js with the list of built files to precache and a
 * version derived from their (hashed) names, so a new build replaces the old cache.
 */
function serviceWorker() {
  return {
    name: 'chuangguan-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => /\.(js|css|png|svg|webmanifest|woff2?)$/.test(f) && f !== 'sw.js')
        .sort()
      const precache = ['/', ...files.map((f) => '/' + f)]
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)
      const source = readFileSync(new URL('./sw/sw.js', import.meta.url), 'utf8')
        .replace('self.__PRECACHE__', JSON.stringify(precache))
        .replace('self.__VERSION__', JSON.stringify(version))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source })
    },
  }
}

/** Every Vant component's style entry as unplugin-vue-components imports it ("vant/es/button/style/index"). */
function vantStyles() {
  const es = fileURLToPath(new URL('./node_modules/vant/es', import.meta.url))
  if (!existsSync(es)) return []
  return readdirSync(es).filter((name) => existsSync(`${es}/${name}/style/index.mjs`)).map((name) => `vant/es/${name}/style/index`)
}

export default defineConfig({
  plugins: [vue(), Components({ resolvers: [VantResolver()], dts: false }), serviceWorker()],
  server: { proxy },
  // Vant's components and their styles are imported by unplugin-vue-components as each file is transformed, which
  // Vite's dependency scan cannot see: without this list dev mode found them one screen at a time and reloaded the
  // page for each batch, losing the tap that opened the screen.
  optimizeDeps: { include: ['vant/es', ...vantStyles()] },
  preview: { proxy },
  build: {
    // cheap Android phones: old but evergreen WebViews
    target: ['es2020', 'chrome87', 'safari14'],
    cssTarget: ['chrome87', 'safari14'],
    reportCompressedSize: false,
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
    setupFiles: ['tests/setup.js'],
    restoreMocks: true,
    // Vant's ES modules import their CSS: let Vite process them instead of Node
    server: { deps: { inline: [/vant/] } },
  },
})

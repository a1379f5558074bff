import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

/** The backend that the dev server and `vite preview` forward to. */
const backend = process.env.BACKEND_URL || 'http://localhost:8080'
const proxy = Object.fromEntries(['/api', '/certificates', '/verify', '/images'].map((p) => [p, { target: backend, changeOrigin: false }]))

/** The two pages: the workers' phone app at / and the trainers' console at /console/. */
const phoneHtml = fileURLToPath(new URL('./index.html', import.meta.url))
const consoleHtml = fileURLToPath(new URL('./console/index.html', import.meta.url))

/** Code that belongs to the console only: none of it may be reachable from the phone app. */
const CONSOLE_ONLY = /\/src\/console\/|\/node_modules\/(element-plus|@element-plus|echarts|zrender|diff)\//

/**
 * The phone app's files in the bundle: its entry chunk and everything reachable from it (static and lazy imports,
 * their CSS and assets). Fails the build when a console module is among them.
 */
function phoneFiles(bundle, context) {
  const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId === phoneHtml)
  if (!entry) context.error('the phone entry (index.html) is missing from the bundle')
  const files = new Set()
  const queue = [entry.fileName]
  while (queue.length) {
    const name = queue.shift()
    if (files.has(name)) continue
    files.add(name)
    const item = bundle[name]
    if (item?.type !== 'chunk') continue
    const leaked = (item.moduleIds ?? Object.keys(item.modules ?? {})).find((id) => CONSOLE_ONLY.test(id))
    if (leaked) context.error(`console code in the phone app's chunk ${name}: ${leaked}`)
    queue.push(...item.imports, ...item.dynamicImports)
    queue.push(...(item.viteMetadata?.importedCss ?? []), ...(item.viteMetadata?.importedAssets ?? []))
  }
  return [...files]
}

/**
 * Emits dist/sw.js: the hand-made service worker of sw/sw.js with the list of the phone app's built files to
 * precache and a version derived from their (hashed) names, so a new build replaces the old cache. The console's
 * files are left out: it is a desktop page, and Element Plus and ECharts would weigh on every worker's phone.
 */
function serviceWorker() {
  return {
    name: 'chuangguan-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = phoneFiles(bundle, this)
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

/**
 * The console's history-mode URLs in `vite dev` and `vite preview`: Vite's own fallback would answer
 * /console/questions/12 with the phone app's index.html. (In production the backend reroutes them.)
 */
function consolePages() {
  const rewrite = (req, res, next) => {
    const accept = req.headers.accept ?? ''
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !accept.includes('text/html')) return next()
    const [path, search = ''] = req.url.split('?')
    if (path === '/console') {
      res.statusCode = 302
      res.setHeader('Location', '/console/' + (search ? '?' + search : ''))
      return res.end()
    }
    if (path.startsWith('/console/') && !/\.\w+$/.test(path)) req.url = '/console/index.html' + (search ? '?' + search : '')
    next()
  }
  return {
    name: 'chuangguan-console-pages',
    configureServer(server) {
      server.middlewares.use(rewrite)
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite)
    },
  }
}

/** Every Vant component's style entry as unplugin-vue-components imports it ("vant/es/button/style/index"). */
function vantStyles() {
  const es = fileURLToPath(new URL('./node_modules/vant/es', import.meta.url))
  if (!existsSync(es)) return []
  return readdirSync(es).filter((name) => existsSync(`${es}/${name}/style/index.mjs`)).map((name) => `vant/es/${name}/style/index`)
}

/** Same for Element Plus ("element-plus/es/components/button/style/css"). */
function elementPlusStyles() {
  const dir = fileURLToPath(new URL('./node_modules/element-plus/es/components', import.meta.url))
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => existsSync(`${dir}/${name}/style/css.mjs`))
    .map((name) => `element-plus/es/components/${name}/style/css`)
}

export default defineConfig({
  plugins: [
    vue(),
    // Vant's components are named Van*, Element Plus's El*: one plugin resolves both, each page uses only its own
    Components({ resolvers: [VantResolver(), ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    consolePages(),
    serviceWorker(),
  ],
  server: { proxy },
  // Vant's and Element Plus's components and their styles are imported by unplugin-vue-components as each file is
  // transformed, which Vite's dependency scan cannot see: without this list dev mode found them one screen at a
  // time and reloaded the page for each batch, losing the tap that opened the screen.
  optimizeDeps: {
    include: [
      'vant/es', ...vantStyles(),
      'element-plus/es', 'element-plus/es/locale/lang/zh-cn', ...elementPlusStyles(),
      'echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers', 'diff',
    ],
  },
  preview: { proxy },
  build: {
    // cheap Android phones: old but evergreen WebViews
    target: ['es2020', 'chrome87', 'safari14'],
    cssTarget: ['chrome87', 'safari14'],
    reportCompressedSize: false,
    rollupOptions: { input: { main: phoneHtml, console: consoleHtml } },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
    setupFiles: ['tests/setup.js'],
    restoreMocks: true,
    // a page test mounts the whole console or app: on 2 busy cores (the Maven build runs them) 5 s was too tight
    testTimeout: 20000,
    // Vant's and Element Plus's ES modules import their CSS: let Vite process them instead of Node
    server: { deps: { inline: [/vant/, /element-plus/] } },
  },
})

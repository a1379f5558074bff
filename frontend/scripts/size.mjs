// Reports the initial download of each built page: the JS and CSS that its HTML loads at once (its entry script,
// its stylesheets, modulepreloads) plus every static import reachable from the entry, gzipped. Lazy route chunks
// (dynamic import()) are not counted. Fails when a page exceeds its budget:
//   dist/index.html          the workers' phone app     250 KB (SIZE_BUDGET)
//   dist/console/index.html  the trainers' console      400 KB (CONSOLE_SIZE_BUDGET)
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, dirname, posix } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const PAGES = [
  { html: 'index.html', label: 'phone app', budget: Number(process.env.SIZE_BUDGET || 250 * 1024) },
  { html: 'console/index.html', label: 'console', budget: Number(process.env.CONSOLE_SIZE_BUDGET || 400 * 1024) },
]

/** Static imports of a built module: `import ... from "./x.js"`, `import "./x.js"`, `export ... from "./x.js"`. */
function staticImports(code) {
  const out = []
  const re = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+\.(?:js|mjs|css))["']/g
  for (const m of code.matchAll(re)) out.push(m[1])
  return out
}

/** The files the page loads at once, by path in dist/, with their raw and gzipped sizes. */
function initialFiles(htmlPath) {
  const html = readFileSync(join(dist, htmlPath), 'utf8')
  const urls = new Set()
  for (const m of html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1])
  for (const m of html.matchAll(/<link[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g)) urls.add(m[1])
  for (const m of html.matchAll(/<link[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g)) urls.add(m[1])

  const files = new Map()
  const queue = [...urls].filter((u) => u.startsWith('/') && !u.startsWith('//')).map((u) => u.slice(1))
  while (queue.length) {
    const rel = queue.shift()
    if (files.has(rel)) continue
    const path = join(dist, rel)
    if (!existsSync(path)) {
      console.error(`missing file referenced from ${htmlPath}: ${rel}`)
      process.exit(2)
    }
    const content = readFileSync(path)
    files.set(rel, { raw: content.length, gzip: gzipSync(content, { level: 9 }).length })
    if (rel.endsWith('.js')) {
      for (const spec of staticImports(content.toString('utf8'))) {
        if (!spec.startsWith('.') && !spec.startsWith('/')) continue
        queue.push(spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(dirname(rel), spec)))
      }
    }
  }
  return files
}

const kb = (n) => (n / 1024).toFixed(1) + ' KB'
let failed = false
for (const page of PAGES) {
  if (!existsSync(join(dist, page.html))) {
    console.error(`dist/${page.html} is missing: run \`npm run build\` first`)
    process.exit(2)
  }
  const files = initialFiles(page.html)
  let raw = 0
  let gzip = 0
  console.log(`Initial JS+CSS of the ${page.label}, dist/${page.html} (entry and its static imports):`)
  for (const [name, s] of [...files.entries()].sort((a, b) => b[1].gzip - a[1].gzip)) {
    raw += s.raw
    gzip += s.gzip
    console.log(`  ${name.padEnd(44)} ${kb(s.raw).padStart(10)}  gzip ${kb(s.gzip).padStart(9)}`)
  }
  console.log(`Total: ${files.size} files, ${kb(raw)} raw, ${gzip} bytes gzipped (${kb(gzip)}); budget ${kb(page.budget)}`)
  if (gzip > page.budget) {
    console.error(`The ${page.label} is over budget by ${kb(gzip - page.budget)}`)
    failed = true
  }
  console.log()
}
if (failed) process.exit(1)

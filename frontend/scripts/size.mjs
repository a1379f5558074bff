// Reports the initial download of the built app: the JS and CSS that dist/index.html loads at once (its entry
// script, its stylesheets, modulepreloads) plus every static import reachable from the entry, gzipped.
// Lazy route chunks (dynamic import()) are not counted. Fails when the total exceeds the budget.
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, dirname, posix } from 'node:path'
import { fileURLToPath } from 'node:url'

const BUDGET = Number(process.env.SIZE_BUDGET || 250 * 1024)
const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const indexFile = join(dist, 'index.html')
if (!existsSync(indexFile)) {
  console.error('dist/index.html is missing: run `npm run build` first')
  process.exit(2)
}
const html = readFileSync(indexFile, 'utf8')

const urls = new Set()
for (const m of html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1])
for (const m of html.matchAll(/<link[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g)) urls.add(m[1])
for (const m of html.matchAll(/<link[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g)) urls.add(m[1])

/** Static imports of a built module: `import ... from "./x.js"`, `import "./x.js"`, `export ... from "./x.js"`. */
function staticImports(code) {
  const out = []
  const re = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+\.(?:js|mjs|css))["']/g
  for (const m of code.matchAll(re)) out.push(m[1])
  return out
}

const files = new Map()
const queue = [...urls].filter((u) => u.startsWith('/') && !u.startsWith('//')).map((u) => u.slice(1))
while (queue.length) {
  const rel = queue.shift()
  if (files.has(rel)) continue
  const path = join(dist, rel)
  if (!existsSync(path)) {
    console.error('missing file referenced from index.html: ' + rel)
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

let raw = 0
let gzip = 0
const kb = (n) => (n / 1024).toFixed(1) + ' KB'
console.log('Initial JS+CSS of dist/index.html (entry and its static imports):')
for (const [name, s] of [...files.entries()].sort((a, b) => b[1].gzip - a[1].gzip)) {
  raw += s.raw
  gzip += s.gzip
  console.log(`  ${name.padEnd(44)} ${kb(s.raw).padStart(10)}  gzip ${kb(s.gzip).padStart(9)}`)
}
console.log(`Total: ${files.size} files, ${kb(raw)} raw, ${gzip} bytes gzipped (${kb(gzip)}); budget ${kb(BUDGET)}`)
if (gzip > BUDGET) {
  console.error(`Over budget by ${kb(gzip - BUDGET)}`)
  process.exit(1)
}

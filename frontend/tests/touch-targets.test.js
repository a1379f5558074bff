import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Gloves and cheap phones: every control is at least 44 px tall. happy-dom does not lay pages out, so this reads
 * the stylesheets of the components (and the global one) and checks the rules of the hand-made controls, and that
 * no Vant control is used in one of its small sizes.
 */
const SRC = join(import.meta.dirname ?? join(process.cwd(), 'tests'), '..', 'src')
const MIN = 44

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
}

function source(rel) {
  return readFileSync(join(SRC, rel), 'utf8')
}

function css(rel) {
  const text = source(rel)
  if (rel.endsWith('.css')) return text
  return [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n')
}

/** Declarations of the rules whose selector list contains `selector` exactly. */
function declarations(rel, selector) {
  const out = {}
  for (const m of css(rel).replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (!m[1].split(',').map((s) => s.trim()).includes(selector)) continue
    for (const d of m[2].split(';')) {
      const i = d.indexOf(':')
      if (i > 0) out[d.slice(0, i).trim()] = d.slice(i + 1).trim()
    }
  }
  return out
}

function px(value) {
  const m = /^(\d+(?:\.\d+)?)px$/.exec(value ?? '')
  return m ? Number(m[1]) : null
}

/** Height of a control from its rule: height or min-height, else a glyph with padding on both sides. */
function tallness(decl) {
  const h = px(decl.height) ?? px(decl['min-height'])
  if (h != null) return h
  const pad = px(decl.padding)
  const size = px(decl['font-size'])
  return pad != null && size != null ? size + 2 * pad : null
}

const CONTROLS = [
  ['components/PaperRunScreen.vue', '.sheet-btn'],
  ['components/PaperRunScreen.vue', '.cell'],
  ['components/PaperRunScreen.vue', '.nav :deep(.van-button)'],
  ['views/LeaderboardView.vue', '.period'],
  ['views/ResultView.vue', '.only-wrong'],
  ['views/ResultView.vue', '.refresh'],
  ['views/LoginView.vue', '.eye'],
  ['views/LoginView.vue', '.field input'],
  ['views/GradeView.vue', '.cert'],
  ['views/WrongBookView.vue', '.head'],
  ['views/HomeView.vue', '.bell'],
  ['views/NoticesView.vue', '.item'],
  ['components/QuestionInput.vue', '.option'],
  ['views/ContestsView.vue', '.item'],
  ['views/ContestView.vue', '.run-link'],
  ['views/ContestBoardView.vue', '.refresh'],
  ['views/HomeView.vue', '.contest-go'],
  ['styles.css', '.tap'],
]

describe('touch targets (at least 44 px)', () => {
  it.each(CONTROLS)('%s %s', (rel, selector) => {
    const decl = declarations(rel, selector)
    expect(Object.keys(decl).length, `no rule for ${selector} in ${rel}`).toBeGreaterThan(0)
    expect(tallness(decl)).toBeGreaterThanOrEqual(MIN)
  })

  it('the close icon of popups is 44 px to tap', () => {
    const size = 22 // --van-popup-close-icon-size, Vant's default
    const decl = declarations('styles.css', '.van-popup .van-popup__close-icon')
    expect(size + 2 * px(decl.padding)).toBeGreaterThanOrEqual(MIN)
  })

  it('no small or mini Vant buttons, no bare switches, and inline links are tap-sized', () => {
    for (const file of files(SRC).filter((f) => f.endsWith('.vue'))) {
      const template = readFileSync(file, 'utf8').split('<script')[0] + readFileSync(file, 'utf8').split('</script>').at(-1)
      expect(template, file).not.toMatch(/<van-button[^>]*\bsize="(small|mini)"/)
      for (const sw of template.match(/<van-switch[^>]*>/g) ?? []) {
        expect(sw, `${file}: a van-switch alone is 26 px; wrap it with its words in one 44 px control`).toMatch(/aria-hidden="true"/)
      }
      for (const link of template.match(/<(a|router-link)\s[^>]*>/g) ?? []) {
        expect(link, `${file}: inline link without a 44 px class`).toMatch(/class="[^"]*\b(tap|cert)\b/)
      }
    }
  })
})

import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import vm from 'node:vm'

/**
 * Runs sw/sw.js (as the build emits it, with a precache list) in a sandbox and reports, for a request, whether its
 * fetch handler answers it or leaves it to the network.
 */
function loadWorker(precache) {
  const source = readFileSync(join(import.meta.dirname ?? join(process.cwd(), 'tests'), '..', 'sw', 'sw.js'), 'utf8')
    .replace('self.__PRECACHE__', JSON.stringify(precache))
    .replace('self.__VERSION__', '"test"')
  const listeners = {}
  const scope = { location: { origin: 'https://cg.example' }, addEventListener: (type, fn) => { listeners[type] = fn } }
  vm.runInNewContext(source, { self: scope, URL, caches: {}, fetch: () => new Promise(() => {}), setTimeout, clearTimeout })
  return (path, mode = 'no-cors') => {
    let answered = false
    listeners.fetch({
      request: { method: 'GET', url: 'https://cg.example' + path, mode },
      respondWith: (promise) => {
        answered = true
        promise.catch?.(() => {})
      },
    })
    return answered
  }
}

describe('the service worker', () => {
  const answers = loadWorker(['/', '/assets/main-abc.js', '/assets/main-abc.css', '/assets/QuizView-def.js'])

  it('serves the phone app: its navigations and its own built files', () => {
    expect(answers('/map', 'navigate')).toBe(true)
    expect(answers('/assets/main-abc.js')).toBe(true)
    expect(answers('/assets/QuizView-def.js')).toBe(true)
  })

  it('leaves the console alone: its pages (no phone shell for them offline) and its chunks', () => {
    expect(answers('/console/', 'navigate')).toBe(false)
    expect(answers('/console/questions/12', 'navigate')).toBe(false)
    expect(answers('/console', 'navigate')).toBe(false)
    expect(answers('/assets/console-xyz.js')).toBe(false)
    expect(answers('/assets/EChart-xyz.js')).toBe(false)
    // a phone path that merely starts with the same letters is still the phone's
    expect(answers('/consoles', 'navigate')).toBe(true)
  })

  it('never answers the backend', () => {
    expect(answers('/api/me')).toBe(false)
    expect(answers('/verify/ABC', 'navigate')).toBe(false)
  })
})

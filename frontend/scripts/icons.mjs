// Renders the PNG icons of the web app manifest from the SVGs in public/icons with Debian's Chromium.
// Run after changing an SVG: `npm run icons` (the PNGs are committed; the build does not need Chromium).
import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url))
const jobs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-192.png', 192],
  ['maskable.svg', 'maskable-512.png', 512],
  ['maskable.svg', 'apple-touch-icon.png', 180],
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
})
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  for (const [svg, png, size] of jobs) {
    const markup = readFileSync(dir + svg, 'utf8').replace(/width="512" height="512"/, `width="${size}" height="${size}"`)
    await page.setViewportSize({ width: size, height: size })
    await page.setContent(`<html><body style="margin:0;background:transparent">${markup}</body></html>`)
    await page.locator('svg').screenshot({ path: dir + png, omitBackground: true })
    console.log('wrote public/icons/' + png)
  }
} finally {
  await browser.close()
}

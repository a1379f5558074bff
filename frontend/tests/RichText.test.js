import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import RichText from '../src/components/RichText.vue'

const HASH = 'ab'.repeat(32)

describe('RichText', () => {
  it('shows uploaded pictures and keeps everything else as text', () => {
    const w = mount(RichText, { props: { text: `图中是什么？![氧枪](/images/${HASH})请选择<b>一项</b>` } })
    const img = w.find('img')
    expect(img.attributes('src')).toBe(`/images/${HASH}`)
    expect(img.attributes('alt')).toBe('氧枪')
    expect(img.attributes('loading')).toBe('lazy')
    expect(w.text()).toContain('图中是什么？')
    // markup in a question is text, never HTML
    expect(w.find('b').exists()).toBe(false)
    expect(w.text()).toContain('<b>一项</b>')
  })

  it('leaves a picture that is not one of ours as text', () => {
    const w = mount(RichText, { props: { text: '![x](https://evil.example/a.png)' } })
    expect(w.find('img').exists()).toBe(false)
    expect(w.text()).toBe('![x](https://evil.example/a.png)')
  })
})

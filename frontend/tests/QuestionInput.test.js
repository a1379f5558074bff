import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import QuestionInput from '../src/components/QuestionInput.vue'
import { paper } from './fixtures.js'

const [single, multiple, trueFalse] = paper().questions

function option(wrapper, key) {
  return wrapper.find(`button[data-key="${key}"]`)
}

describe('QuestionInput', () => {
  it('single choice: shows the stem and options, a tap picks one option and replaces the last', async () => {
    const wrapper = mount(QuestionInput, { props: { question: single, modelValue: [], number: 1 } })
    expect(wrapper.text()).toContain('单选题')
    expect(wrapper.text()).toContain('1. 安全色中表示禁止的颜色是（ ）。')
    expect(wrapper.findAll('[role="radio"]').map((b) => b.text())).toEqual(['A蓝色', 'B绿色', 'C黄色', 'D红色'])
    await option(wrapper, 'B').trigger('click')
    expect(wrapper.emitted('update:modelValue').at(-1)).toEqual([['B']])
    await wrapper.setProps({ modelValue: ['B'] })
    expect(option(wrapper, 'B').attributes('aria-checked')).toBe('true')
    expect(option(wrapper, 'B').classes()).toContain('selected')
    await option(wrapper, 'D').trigger('click')
    expect(wrapper.emitted('update:modelValue').at(-1)).toEqual([['D']])
  })

  it('multiple choice: taps toggle options, kept sorted, with a hint', async () => {
    const wrapper = mount(QuestionInput, { props: { question: multiple, modelValue: ['C'] } })
    expect(wrapper.text()).toContain('多选题')
    expect(wrapper.text()).toContain('可选多项')
    expect(wrapper.findAll('[role="checkbox"]')).toHaveLength(4)
    await option(wrapper, 'A').trigger('click')
    expect(wrapper.emitted('update:modelValue').at(-1)).toEqual([['A', 'C']])
    await wrapper.setProps({ modelValue: ['A', 'C'] })
    await option(wrapper, 'C').trigger('click')
    expect(wrapper.emitted('update:modelValue').at(-1)).toEqual([['A']])
  })

  it('true/false: two big buttons 正确 and 错误', async () => {
    const wrapper = mount(QuestionInput, { props: { question: trueFalse, modelValue: [] } })
    expect(wrapper.text()).toContain('判断题')
    const buttons = wrapper.findAll('[role="radio"]')
    expect(buttons.map((b) => b.text())).toEqual(['✓正确', '✗错误'])
    await buttons[1].trigger('click')
    expect(wrapper.emitted('update:modelValue').at(-1)).toEqual([['B']])
  })

  it('does not change the answer when disabled (submitting)', async () => {
    const wrapper = mount(QuestionInput, { props: { question: single, modelValue: ['A'], disabled: true } })
    await option(wrapper, 'C').trigger('click')
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
  })

  it('review: marks the right answer green and a wrong choice red', () => {
    const wrapper = mount(QuestionInput, { props: { question: multiple, modelValue: ['A', 'B'], correctKeys: ['B', 'C', 'D'] } })
    expect(option(wrapper, 'A').classes()).toContain('wrong')
    expect(option(wrapper, 'A').text()).toContain('我的选择')
    expect(option(wrapper, 'B').classes()).toContain('correct')
    expect(option(wrapper, 'C').text()).toContain('正确答案')
  })
})

describe('QuestionInput, fill in the blanks', () => {
  const question = { id: 9, type: 'FILL_BLANK', stem: '钢是铁和___的合金，吹入___。', options: [], blanks: 2 }

  it('gives a text box per blank and emits the texts in order', async () => {
    const w = mount(QuestionInput, { props: { question, modelValue: [] } })
    const inputs = w.findAll('input.blank-input')
    expect(inputs).toHaveLength(2)
    await inputs[1].setValue('氧气')
    expect(w.emitted('update:modelValue').at(-1)[0]).toEqual(['', '氧气'])
  })

  it('shows the accepted answers in the review and takes no typing', async () => {
    const w = mount(QuestionInput, {
      props: { question, modelValue: ['铜', '氧气'], correctKeys: [], acceptedAnswers: [['碳', 'C'], ['氧气']], disabled: true },
    })
    expect(w.text()).toContain('正确答案：碳 或 C')
    expect(w.findAll('input.blank-input')[0].element.disabled).toBe(true)
  })
})

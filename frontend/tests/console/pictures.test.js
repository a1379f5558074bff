import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { captionOf, checkPicture, insertText, plainText, sniffPicture } from '../../src/console/lib/pictures.js'
import PhonePreview from '../../src/console/components/PhonePreview.vue'
import { field, json, mockApi, mountConsole, settle, signedIn, version } from './helpers.js'

vi.mock('../../src/console/lib/feedback.js', () => ({
  toast: { success: vi.fn(), warning: vi.fn(), error: vi.fn() },
  confirmAction: vi.fn(async () => true),
}))

afterEach(() => {
  vi.unstubAllGlobals()
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

const HASH = 'c0ffee'.repeat(10) + 'abcd'
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 8, 0, 0, 0, 8]
const png = (name = '氧枪结构.png', size = PNG_HEAD.length) => {
  const bytes = new Uint8Array(size)
  bytes.set(PNG_HEAD)
  return new File([bytes], name, { type: 'image/png' })
}

describe('pictures, before they are sent', () => {
  it('tells PNG, JPEG and WebP from their first bytes, not from the name', async () => {
    expect(sniffPicture(new Uint8Array(PNG_HEAD))).toBe('image/png')
    expect(sniffPicture(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffPicture(new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WEBP'].map((c) => c.charCodeAt(0)))))).toBe('image/webp')
    expect(await checkPicture(png())).toEqual({ mediaType: 'image/png' })
    expect((await checkPicture(new File(['不是图片'], '假的.png', { type: 'image/png' }))).error).toBe('只能插入 PNG、JPEG 或 WebP 图片')
    expect((await checkPicture(png('大图.png', 1024 * 1024 + 1))).error).toBe('图片超过 1 MB（这张 1.0 MB）：请压缩后再上传')
    expect((await checkPicture(png('正好.png', 1024 * 1024))).mediaType).toBe('image/png')
  })

  it('inserts at the cursor, captions from the file name, and shows a picture as [图片] in a table cell', () => {
    expect(insertText('图中是___。', 2, 'X')).toEqual({ text: '图中X是___。', cursor: 3 })
    expect(insertText('图中', null, 'X')).toEqual({ text: '图中X', cursor: 3 })
    expect(captionOf('转炉[剖面](1).webp')).toBe('转炉 剖面 1')
    expect(captionOf('.png')).toBe('图片')
    // underscores would read as blanks in a fill-in stem
    expect(captionOf('图___1.png')).toBe('图 1')
    expect(plainText(`看图![转炉](/images/${HASH})回答`)).toBe('看图[图片]回答')
  })
})

describe('inserting a picture in the editor', () => {
  async function openEditor(upload) {
    const pinia = signedIn()
    const calls = mockApi((call) => (call.path === '/api/question-images' ? upload(call) : undefined))
    const { wrapper } = await mountConsole('/questions/new?trade=11', pinia)
    return { wrapper, calls }
  }

  /** Picks `file` for the button marked `testid` (the editor's hidden file input). */
  async function pick(wrapper, testid, file, index = 0) {
    const input = wrapper.find('[data-testid="picture-file"]')
    input.element.click = () => {} // no file dialog in the test
    await wrapper.findAll(`[data-testid="${testid}"]`)[index].trigger('click')
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await settle()
  }

  const uploaded = (call) => json(201, {
    hash: HASH, mediaType: 'image/png', width: 8, height: 8, size: call.body.size, url: `/images/${HASH}`, markdown: `![](/images/${HASH})`,
  })

  it('uploads the bytes with their type and inserts the markup at the stem’s cursor; the preview draws it', async () => {
    const { wrapper, calls } = await openEditor(uploaded)
    const stem = field(wrapper, 'stem')
    await stem.setValue('图中设备是什么？')
    stem.element.setSelectionRange(2, 2)
    await stem.trigger('blur')
    await pick(wrapper, 'stem-picture', png())

    const post = calls.find((c) => c.path === '/api/question-images')
    expect(post.method).toBe('POST')
    expect(post.headers['Content-Type']).toBe('image/png')
    expect(post.body).toBeInstanceOf(Blob)
    expect(post.body.size).toBe(PNG_HEAD.length)
    expect(stem.element.value).toBe(`图中![氧枪结构](/images/${HASH})设备是什么？`)
    const img = wrapper.find('[data-testid="phone-preview"] .stem img')
    expect(img.attributes('src')).toBe(`/images/${HASH}`)
    expect(img.attributes('alt')).toBe('氧枪结构')
  })

  it('inserts into an option at its end when it was never focused', async () => {
    const { wrapper } = await openEditor(uploaded)
    const option = wrapper.findAll('[data-testid="options"] input')[2]
    await option.setValue('如图')
    await pick(wrapper, 'option-picture', png('c.png'), 2)
    expect(option.element.value).toBe(`如图![c](/images/${HASH})`)
    expect(wrapper.findAll('[data-testid="phone-preview"] .option')[2].find('img').attributes('src')).toBe(`/images/${HASH}`)
  })

  it('refuses a large or non-picture file without sending it, and shows the server’s reason when it refuses', async () => {
    const { toast } = await import('../../src/console/lib/feedback.js')
    const { wrapper, calls } = await openEditor(() => json(422, {
      type: 'https://chuangguan.io/problems/image-dimensions', status: 422, title: 'Unusable image', detail: '图片尺寸须在 1 到 4096 像素之间',
    }))
    await pick(wrapper, 'stem-picture', png('大图.png', 1024 * 1024 + 5000))
    expect(toast.error).toHaveBeenLastCalledWith('图片超过 1 MB（这张 1.0 MB）：请压缩后再上传')
    await pick(wrapper, 'stem-picture', new File(['%PDF-1.4'], '说明.png', { type: 'image/png' }))
    expect(toast.error).toHaveBeenLastCalledWith('只能插入 PNG、JPEG 或 WebP 图片')
    expect(calls.some((c) => c.path === '/api/question-images')).toBe(false)

    await pick(wrapper, 'stem-picture', png())
    expect(calls.filter((c) => c.path === '/api/question-images')).toHaveLength(1)
    expect(toast.error).toHaveBeenLastCalledWith('图片尺寸须在 1 到 4096 像素之间')
    expect(field(wrapper, 'stem').element.value).toBe('')
  })

  it('says the picture is too large when a proxy answers 413 without a problem', async () => {
    const { toast } = await import('../../src/console/lib/feedback.js')
    const { wrapper } = await openEditor(() => new Response('<html>413</html>', { status: 413, headers: { 'content-type': 'text/html' } }))
    await pick(wrapper, 'stem-picture', png())
    expect(toast.error).toHaveBeenLastCalledWith('图片超过 1 MB：请压缩后再上传')
  })
})

describe('pictures on the question’s pages', () => {
  it('draws them in the phone preview’s stem and options', () => {
    const w = mount(PhonePreview, {
      props: { question: version({ stem: `看图![转炉](/images/${HASH})`, options: [{ key: 'A', text: `![a](/images/${HASH})` }, { key: 'B', text: '乙' }] }) },
    })
    expect(w.findAll('img')).toHaveLength(2)
    expect(w.find('.stem').text()).toContain('看图')
  })

  it('draws them on the detail page and in the review queue’s unfolded row', async () => {
    const pinia = signedIn()
    const detail = { id: 140, ref: 'STM-140', tradeId: 11, pool: 'LEARNING', duplicates: [], statistics: [], weeks: [],
      versions: [version({ id: 1400, status: 'IN_REVIEW', stem: `看图![转炉](/images/${HASH})答题`, editors: [8] })] }
    mockApi((call) => {
      if (call.path === '/api/questions/140') return json(200, detail)
      if (call.path === '/api/questions/140/audit') return json(200, [])
      if (call.path === '/api/trades/11/questions') {
        return json(200, { items: [{ ...detail.versions[0], id: 140, ref: 'STM-140', tradeId: 11, pool: 'LEARNING', publishedVersion: null }], total: 1, page: 0, size: 50 })
      }
      return undefined
    })
    const page = await mountConsole('/questions/140?trade=11', pinia)
    expect(page.wrapper.find('[data-testid="content-stem"] img').attributes('src')).toBe(`/images/${HASH}`)
    page.wrapper.unmount()

    const { wrapper } = await mountConsole('/review?trade=11', pinia)
    const cell = wrapper.find('[data-testid="review-table"] .stem-cell')
    expect(cell.text()).toBe('看图[图片]答题')
    await wrapper.find('[data-testid="review-table"] .el-table__expand-icon').trigger('click')
    await settle()
    const unfolded = wrapper.find('[data-testid="review-content"]')
    expect(unfolded.find('img').attributes('src')).toBe(`/images/${HASH}`)
    expect(unfolded.text()).toContain('正确答案')
  })
})

import { ApiError } from '../../api/errors.js'
import { errorText } from './errors.js'

/**
 * Pictures in stems and options. The markup is the one the phone app draws (src/components/RichText.vue) and the
 * server records (QuestionDraft.IMAGE): ![说明](/images/<sha-256>). The checks mirror QuestionImages on the server so
 * that a trainer hears of a wrong file before waiting for its upload.
 */

export const MAX_PICTURE_BYTES = 1024 * 1024
export const PICTURE_ACCEPT = 'image/png,image/jpeg,image/webp'
const IMAGE = /!\[([^\]]*)\]\((\/images\/[0-9a-f]{64})\)/g

/** "1.4 MB", "820 KB". */
export function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** The format from the first bytes, as the server judges it (never from the name or the declared type); null if none. */
export function sniffPicture(bytes) {
  const b = bytes
  const ascii = (from, text) => [...text].every((c, i) => b[from + i] === c.charCodeAt(0))
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 'PNG') && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 12 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp'
  return null
}

async function headOf(file) {
  const head = file.slice(0, 16)
  if (typeof head.arrayBuffer === 'function') return new Uint8Array(await head.arrayBuffer())
  return new Uint8Array(await new Response(head).arrayBuffer())
}

/** { mediaType } of a picked file the server will take, or { error } with what to tell the trainer. */
export async function checkPicture(file) {
  if (!file) return { error: '没有选择图片' }
  if (file.size > MAX_PICTURE_BYTES) return { error: `图片超过 1 MB（这张 ${formatSize(file.size)}）：请压缩后再上传` }
  if (!file.size) return { error: '图片是空文件' }
  const mediaType = sniffPicture(await headOf(file))
  if (!mediaType) return { error: '只能插入 PNG、JPEG 或 WebP 图片' }
  return { mediaType }
}

/**
 * The picture's caption from its file name ("转炉结构.png" → "转炉结构"), without the characters the markup uses, nor
 * underscores: in a fill-in stem "图___1" would count as a blank.
 */
export function captionOf(fileName) {
  const base = (fileName ?? '').replace(/\.[^.]*$/, '').replace(/[[\]()!\r\n_＿]/g, ' ').replace(/\s+/g, ' ').trim()
  return base.slice(0, 30) || '图片'
}

/** The markup for an uploaded picture (the upload's answer: { url, … }). */
export function pictureMarkup(image, caption = '图片') {
  return `![${caption}](${image.url})`
}

/** `text` with `snippet` inserted at `position` (the end when unknown), and the cursor after it. */
export function insertText(text, position, snippet) {
  const value = text ?? ''
  const at = Number.isInteger(position) && position >= 0 && position <= value.length ? position : value.length
  return { text: value.slice(0, at) + snippet + value.slice(at), cursor: at + snippet.length }
}

/** A text for a table cell or a tooltip: each picture as "[图片]". */
export function plainText(text) {
  return (text ?? '').replace(IMAGE, '[图片]')
}

/** What to say when the upload failed: the server's Chinese detail; a 413 from a proxy in front of it has none. */
export function uploadErrorText(e) {
  if (e instanceof ApiError && e.status === 413 && !e.detail) return '图片超过 1 MB：请压缩后再上传'
  return errorText(e)
}

import { GIFT_TYPE } from '../api.js'

/**
 * The kind of an import file by its name: 'xlsx' (the Excel template), 'gift' (Moodle's GIFT text, .gift or .txt),
 * or null for anything else.
 */
export function importKind(name) {
  if (/\.xlsx$/i.test(name ?? '')) return 'xlsx'
  if (/\.(gift|txt)$/i.test(name ?? '')) return 'gift'
  return null
}

/**
 * A GIFT file's text as the UTF-8 body the server reads. Chinese Windows' Notepad and Excel often save text as GBK
 * (GB 18030), which the server would read as mojibake: a file that is not valid UTF-8 is decoded as GB 18030
 * instead (a UTF-8 byte-order mark is dropped by the decoder).
 */
export async function giftBody(file) {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let text
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('gb18030').decode(bytes)
  }
  return new Blob([text], { type: GIFT_TYPE })
}

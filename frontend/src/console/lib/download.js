/** Saves a Blob the browser received (an Excel file) under the given name. */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  // the click has started the download; the URL can go once the browser has read it
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}

/**
 * Shows an HTML page the browser received (the monthly report) in `win`, a window opened at the click (so that no
 * popup blocker stops it), or in a new one; the user prints it from there. The Blob URL is the page's address.
 */
export function showHtml(win, blob, fileName = 'report.html') {
  const page = new Blob([blob], { type: 'text/html;charset=utf-8' })
  const url = URL.createObjectURL(page)
  if (win && !win.closed) win.location.href = url
  else if (!window.open(url, '_blank')) {
    // popups blocked: the page is saved instead, to open from the downloads
    URL.revokeObjectURL(url)
    saveBlob(page, fileName)
    return
  }
  // the page has been read by then; the URL only serves a reload
  setTimeout(() => URL.revokeObjectURL(url), 300000)
}

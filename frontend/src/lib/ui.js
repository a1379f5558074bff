// Vant's function APIs (toast, dialog) with their styles: the auto-import resolver only covers components used
// in templates, so the styles of these are imported here, once.
import 'vant/es/toast/style/index.mjs'
import 'vant/es/dialog/style/index.mjs'

export { showToast, showLoadingToast, closeToast } from 'vant/es/toast/index.mjs'
export { showConfirmDialog, closeDialog } from 'vant/es/dialog/index.mjs'

// Element Plus's services are called from code, not written in templates: unplugin-vue-components cannot see them,
// so they and their styles are imported here by hand.
import { ElMessage, ElMessageBox } from 'element-plus/es'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

export const toast = {
  success: (message) => ElMessage({ type: 'success', message, grouping: true }),
  warning: (message) => ElMessage({ type: 'warning', message, grouping: true, duration: 5000 }),
  error: (message) => ElMessage({ type: 'error', message, grouping: true, duration: 6000, showClose: true }),
}

/** Asks before a consequential action; resolves to true when confirmed. Buttons named here: a service sees no locale. */
export async function confirmAction(message, { title = '请确认', confirm = '确定', danger = false } = {}) {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: confirm,
      cancelButtonText: '取消',
      type: danger ? 'warning' : 'info',
      confirmButtonClass: danger ? 'el-button--danger' : undefined,
    })
    return true
  } catch {
    return false
  }
}

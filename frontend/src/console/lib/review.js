/** The four-eyes rule: nobody approves or returns a version they wrote. */

/**
 * Whether the account may not review this version (a VersionView or a QuestionSummary): the server lists in
 * `editors` its author and everyone who created, imported or edited it, and refuses all of them as reviewer.
 * `author` is read too, for a version whose `editors` are missing.
 */
export function isEditor(version, accountId) {
  if (accountId == null || !version) return false
  return (version.editors ?? []).includes(accountId) || version.author?.id === accountId
}

export const OWN_VERSION_HINT = '这一版由您编写或修改，须由另一位培训师审核'

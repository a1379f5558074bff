/**
 * Where a notice's link (an app path the union wrote: "/levels/12", "/contests/3") leads: a level opens the map at
 * it, another path of the app as it is; null when the app has no such page (the notice is then only read).
 * `resolve` is the router's (path → route).
 */
export function noticeTarget(link, resolve) {
  if (typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//')) return null
  const level = /^\/levels\/(\d+)\/?$/.exec(link)
  if (level) return { name: 'map', query: { level: level[1] } }
  const route = resolve(link)
  return route?.name && route.name !== 'not-found' && route.name !== 'login' ? link : null
}

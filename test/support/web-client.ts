// A signed-in dashboard user over plain HTTP (no browser): the session cookie from the sign-in
// form, the CSRF token its pages carry, and GET/POST (url-encoded forms) with both.
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

export interface WebClient {
  cookie: string
  csrf: string
  get(path: string): Promise<Response>
  /** a form post with the session's `_csrf` (unless `fields` sets `_csrf` itself, or `csrf: false`) */
  post(path: string, fields?: Record<string, string>, opts?: { csrf?: boolean }): Promise<Response>
}

export async function webClient(url: string, username: string, password: string): Promise<WebClient> {
  const form = await fetch(`${url}/login`)
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, cookie: form.headers.getSetCookie()[0]!.split(';')[0]! },
    body: new URLSearchParams({ _csrf: token, username, password, next: '/' }),
  })
  if (res.status !== 303) throw new Error(`sign-in as ${username}: ${res.status}`)
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('backwatch_session='))!
    .split(';')[0]!
  const page = await (await fetch(`${url}/`, { headers: { cookie } })).text()
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!
  return {
    cookie,
    csrf,
    get: (path) => fetch(`${url}${path}`, { redirect: 'manual', headers: { cookie } }),
    post: (path, fields = {}, opts = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...FORM, cookie },
        body: new URLSearchParams({ ...(opts.csrf === false ? {} : { _csrf: csrf }), ...fields }),
      }),
  }
}

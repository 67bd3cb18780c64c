// Error texts and receivers' answers, cleaned of secrets before they are stored, shown or logged:
// receivers echo what they got (the URL, an Authorization header, the signing secret) and
// network errors quote the URL. Pure. Three passes:
//  1. the channel's own secrets (every secret setting, header value, URL credential, query value
//     and token-like path segment) wherever they appear, also URL- or JSON-escaped; its URL as
//     GET /channels shows it (Slack, Discord and Teams: `https://host/…`);
//  2. any URL in the text: userinfo dropped, query values and token-like path segments replaced;
//  3. `Bearer …`/`Basic …`/`Token …`/`Bot …` credentials.
// Pass 2 and 3 need no channel: they also clean rows stored before this existed.
import { isPlainObject, isSecretKey, REDACTED, redactUrl, URL_IS_SECRET } from './channel-redact.js'

export type Redactor = (text: string) => string

/** Shorter values are not searched for: they would match everywhere, and guard nothing. */
const MIN_SECRET_LENGTH = 4
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi
const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i
const AUTH_IN_TEXT = /\b(Bearer|Basic|Token|Bot)(\s+)([A-Za-z0-9._~+/=:-]{8,})/gi

/** A URL part that looks like a random token: long, and not a word. */
export function looksSecret(part: string): boolean {
  if (part.length < 16 || !/^[A-Za-z0-9._~+=%:-]+$/.test(part)) return false
  return part.length >= 32 || (/\d/.test(part) && /[A-Za-z]/.test(part))
}

/** An opaque credential after an auth scheme word (not "Basic authentication failed"). */
function looksOpaque(token: string): boolean {
  return /[\d=+/]/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token.slice(1)))
}

function cleanUrl(url: string): string {
  const m = URL_PARTS.exec(url)
  if (!m) return url
  const [, scheme, authority = '', path = '', query, fragment] = m
  const host = authority.slice(authority.lastIndexOf('@') + 1)
  const segments = path.split('/').map((s) => (looksSecret(s) ? REDACTED : s))
  const params = query
    ?.slice(1)
    .split('&')
    .map((p) => {
      const eq = p.indexOf('=')
      if (eq < 0) return looksSecret(p) ? REDACTED : p
      return eq === p.length - 1 ? p : `${p.slice(0, eq + 1)}${REDACTED}`
    })
  return (
    `${scheme}${host}${segments.join('/')}` +
    (params ? `?${params.join('&')}` : '') +
    (fragment && fragment.length > 1 ? `#${REDACTED}` : '')
  )
}

/** Pass 2 and 3: URLs and auth credentials in any text. */
export function redactText(text: string): string {
  return text
    .replace(URL_IN_TEXT, cleanUrl)
    .replace(AUTH_IN_TEXT, (all, scheme: string, space: string, token: string) =>
      looksOpaque(token) ? `${scheme}${space}${REDACTED}` : all,
    )
}

interface Found {
  literals: Set<string>
  /** a URL as configured → as GET /channels shows it */
  urls: Map<string, string>
}

function addLiteral(found: Found, value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return
  found.literals.add(value)
  found.literals.add(encodeURIComponent(value))
  found.literals.add(JSON.stringify(value).slice(1, -1))
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

function collectUrl(found: Found, value: string, secretUrl: boolean): void {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return
  }
  const shown = redactUrl(value, secretUrl)
  found.urls.set(value, shown)
  found.urls.set(u.href, shown)
  for (const part of [u.username, u.password]) {
    addLiteral(found, part)
    addLiteral(found, safeDecode(part))
  }
  for (const v of u.searchParams.values()) addLiteral(found, v)
  for (const segment of u.pathname.split('/')) {
    // a Slack, Discord or Teams URL is the credential: every part that is not a plain word
    if (looksSecret(segment) || (secretUrl && !/^[a-z]*$/.test(segment))) {
      addLiteral(found, segment)
      addLiteral(found, safeDecode(segment))
    }
  }
}

function collect(found: Found, kind: string, map: Record<string, unknown>, depth: number): void {
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value)
      if (isSecretKey(kind, key, depth)) addLiteral(found, text)
      else if (typeof value === 'string' && (key === 'url' || key.endsWith('_url')))
        collectUrl(found, value, key === 'url' && URL_IS_SECRET.has(kind))
    } else if (key === 'headers' && isPlainObject(value)) {
      for (const header of Object.values(value)) {
        if (typeof header !== 'string') continue
        addLiteral(found, header)
        // "Bearer <token>": the token alone may come back too
        for (const word of header.split(/\s+/).slice(1)) addLiteral(found, word)
      }
    } else if (isPlainObject(value)) collect(found, kind, value, depth + 1)
  }
}

/** Redacts a channel's own secrets (pass 1), then URLs and credentials (pass 2 and 3). */
export function channelRedactor(kind: string, settings: unknown): Redactor {
  const found: Found = { literals: new Set(), urls: new Map() }
  if (isPlainObject(settings)) collect(found, kind, settings, 0)
  const byLength = (a: string, b: string) => b.length - a.length
  const urls = [...found.urls].sort(([a], [b]) => byLength(a, b))
  const literals = [...found.literals].sort(byLength)
  return (text) => {
    let out = text
    for (const [url, shown] of urls) out = out.replaceAll(url, shown)
    for (const secret of literals) out = out.replaceAll(secret, REDACTED)
    return redactText(out)
  }
}

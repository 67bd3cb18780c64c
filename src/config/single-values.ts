// The settings given as one text each, by flag, environment variable or the file: listen
// address, database URL, base URL. Decisions not fixed by the spec:
// - Database URLs: `sqlite:PATH` and `sqlite://PATH` are the same thing (the `//` is dropped, so
//   `sqlite:///var/lib/bw.db` is the absolute path /var/lib/bw.db and `sqlite://data/bw.db` is
//   relative); `sqlite::memory:` is an in-memory database. Relative paths are resolved against
//   the working directory (not the config file's directory). `postgres://` and `postgresql://`
//   URLs are passed on unchanged (their `prepared_statements=on|off` is checked here, read by the store).
// - `listen` needs an explicit host: `HOST:PORT`, `[IPv6]:PORT`; `:8080` is rejected.
import { isIPv6 } from 'node:net'
import { resolve } from 'node:path'
import { ConfigError } from './config-error.js'

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string }

/** A parsed value, or why the text is not one (without the label: the caller adds flag, env or key). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

const HOSTNAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/

export function parseListenValue(text: string): Parsed<{ host: string; port: number }> {
  const bad = (why: string): Parsed<never> => ({
    ok: false,
    message: `invalid listen address ${JSON.stringify(text)} (${why})`,
  })
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim())
  if (!m) return bad('expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080')
  const port = Number(m[3])
  if (port > 65535) return bad('port must be 0..65535')
  if (m[1] !== undefined) {
    if (!isIPv6(m[1])) return bad('not an IPv6 address between the brackets')
    return { ok: true, value: { host: m[1], port } }
  }
  const host = m[2] ?? ''
  if (host === '') return bad('missing host, e.g. 0.0.0.0:8080 for all interfaces')
  if (!HOSTNAME_RE.test(host)) return bad('invalid host')
  return { ok: true, value: { host, port } }
}

/** `HOST:PORT` or `[IPv6]:PORT` (port 0..65535). Throws ConfigError. */
export function parseListen(text: string): { host: string; port: number } {
  const r = parseListenValue(text)
  if (!r.ok) throw new ConfigError([r.message])
  return r.value
}

export function parseDatabaseValue(text: string, cwd: string): Parsed<DatabaseConfig> {
  const url = text.trim()
  if (/^sqlite:/i.test(url)) {
    let path = url.slice('sqlite:'.length)
    if (path.startsWith('//')) path = path.slice(2)
    if (path === '')
      return { ok: false, message: 'sqlite database URL needs a path, e.g. sqlite:./data/backwatch.db' }
    return { ok: true, value: { kind: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) } }
  }
  if (/^postgres(?:ql)?:\/\//i.test(url)) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      // never echo the URL: it may hold a password
      return { ok: false, message: 'invalid PostgreSQL URL (expected postgres://USER:PASSWORD@HOST:PORT/DB)' }
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      return { ok: false, message: 'invalid PostgreSQL URL: missing host' }
    }
    const prepared = parsed.searchParams.get('prepared_statements')
    if (prepared !== null && prepared !== 'on' && prepared !== 'off') {
      return { ok: false, message: 'prepared_statements in the PostgreSQL URL must be on or off' }
    }
    return { ok: true, value: { kind: 'postgres', url } }
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]
  return {
    ok: false,
    message: `unsupported database URL${scheme ? ` scheme "${scheme}:"` : ''} (expected sqlite:PATH or postgres://…)`,
  }
}

/** `sqlite:PATH`, `sqlite://PATH`, `postgres://…`, `postgresql://…`. Throws ConfigError. */
export function parseDatabaseUrl(text: string, cwd: string): DatabaseConfig {
  const r = parseDatabaseValue(text, cwd)
  if (!r.ok) throw new ConfigError([r.message])
  return r.value
}

export function parseBaseUrlValue(text: string): Parsed<string> {
  const bad = (why: string): Parsed<never> => ({
    ok: false,
    message: `invalid base URL ${JSON.stringify(text)} (${why})`,
  })
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return bad('expected an http:// or https:// URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('expected an http:// or https:// URL')
  if (url.username !== '' || url.password !== '') return bad('must not contain credentials')
  if (url.search !== '' || url.hash !== '') return bad('must not have a query or fragment')
  return { ok: true, value: url.href.replace(/\/+$/, '') }
}

/** An http(s) URL, without trailing slash. Throws ConfigError. */
export function parseBaseUrl(text: string): string {
  const r = parseBaseUrlValue(text)
  if (!r.ok) throw new ConfigError([r.message])
  return r.value
}

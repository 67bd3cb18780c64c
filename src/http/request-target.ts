// Parses a request's target once, for pings and API alike. Only the canonical spelling of a path
// is accepted, so that what a proxy in front matched on (`/api/…`, `/ping/…`) is what we route
// on: no `.`/`..` segments, no backslash, no `//`, no absolute form, no `%` escape that decodes
// to a character the path may carry as is (`%61`, `%2E`) or must not carry at all (`%2F`, `%5C`,
// controls), nothing outside RFC 3986's path characters. The query is taken as it comes.

export interface RequestTarget {
  /** the path's segments, still percent-encoded; [] for "/" */
  segments: string[]
  /** the path as received ("/api/v1/jobs") */
  path: string
  /** the query without its "?", as received */
  search: string
  query: URLSearchParams
}

export type ParsedTarget =
  | ({ ok: true } & RequestTarget)
  | {
      ok: false
      /** why, for the 400's message */
      problem: string
      /** the segments as split (for choosing the answer's dialect); not validated */
      segments: string[]
      query: URLSearchParams
      /** the only problem is empty segments: every segment is otherwise canonical */
      onlyEmptySegments: boolean
    }

// RFC 3986 pchar: unreserved, sub-delims, ":" and "@"; "%" is checked on its own.
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/
const ESCAPE = /%(?![0-9A-Fa-f]{2})|%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee])/
// What an escape must never stand for: "/", "\" and control characters.
const FORBIDDEN_DECODED = /[/\\\x00-\x1f\x7f]/

function segmentProblem(segment: string): string | null {
  if (segment === '.' || segment === '..') return `a "${segment}" segment`
  if (!PATH_CHAR.test(segment)) {
    return segment.includes('\\') ? 'a backslash' : 'a character that must be percent-encoded'
  }
  if (!segment.includes('%')) return null
  if (ESCAPE.test(segment)) return 'a malformed or needless percent-escape'
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    return 'a percent-escape that is not UTF-8'
  }
  return FORBIDDEN_DECODED.test(decoded) ? 'an escaped "/", "\\" or control character' : null
}

export function parseRequestTarget(raw: string): ParsedTarget {
  const q = raw.indexOf('?')
  const path = q === -1 ? raw : raw.slice(0, q)
  const search = q === -1 ? '' : raw.slice(q + 1)
  const query = new URLSearchParams(search)
  const segments = path === '/' ? [] : path.split('/').slice(1)
  const fail = (problem: string, onlyEmptySegments = false): ParsedTarget => ({
    ok: false,
    problem,
    segments,
    query,
    onlyEmptySegments,
  })
  if (raw === '*') return fail('the asterisk form is only for OPTIONS')
  if (!path.startsWith('/')) return fail('the target must be a path starting with "/" (no absolute form)')
  if (raw.includes('#')) return fail('a fragment ("#")')
  let empty = false
  for (const segment of segments) {
    if (segment === '') {
      empty = true
      continue
    }
    const problem = segmentProblem(segment)
    if (problem) return fail(`the path contains ${problem}`)
  }
  if (empty) return fail('the path contains an empty segment ("//" or a trailing "/")', true)
  return { ok: true, segments, path, search, query }
}

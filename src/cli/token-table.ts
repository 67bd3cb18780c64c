// `backwatch tokens list` as text: one line per token, in columns.
import type { TokenListing } from '../app/tokens/token-admin.js'
import { alignedTable } from './cli-output.js'

const HEADER = ['NAME', 'SCOPE', 'SOURCE', 'PREFIX', 'CREATED', 'LAST USED']

/** An instant to the minute, in UTC: enough to tell a token in use from a forgotten one. */
const minute = (iso: string | null) => (iso === null ? 'never' : `${iso.slice(0, 16).replace('T', ' ')}Z`)

export function tokenTable(tokens: TokenListing[]): string {
  if (tokens.length === 0) return 'no tokens\n'
  const rows = [
    HEADER,
    ...tokens.map((t) => [
      t.name,
      t.scope,
      t.source,
      t.prefix === null ? '-' : `${t.prefix}…`,
      minute(t.created_at),
      minute(t.last_used_at),
    ]),
  ]
  return `${alignedTable(rows)}\n`
}

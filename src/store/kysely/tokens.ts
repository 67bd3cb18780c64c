// TokenStore on Kysely (queries in tokens-queries.ts).
import { reportDuplicates } from '../duplicate-error.js'
import type { TokenStore } from '../roles/token-store.js'
import * as q from '../tokens-queries.js'
import { onConnection, type RoleMethods } from './store-context.js'

const syncTokens = reportDuplicates(q.syncTokens)

export const tokenMethods = {
  ...onConnection({ findTokenByHash: q.findTokenByHash }),
  // one source's tokens are replaced all at once or not at all; a name or hash another source has
  syncTokens: (store, source, tokens, now) =>
    store.withTransaction((tx) => syncTokens(tx.db, tx.project, source, tokens, now)),
} satisfies RoleMethods<TokenStore>

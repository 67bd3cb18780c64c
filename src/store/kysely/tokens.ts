// TokenStore on Kysely (queries in tokens-queries.ts).
import type { TokenStore } from '../roles/token-store.js'
import * as q from '../tokens-queries.js'
import { onConnection, type RoleMethods } from './store-context.js'

export const tokenMethods = {
  ...onConnection({ findTokenByHash: q.findTokenByHash }),
  // one source's tokens are replaced all at once or not at all
  syncTokens: (store, source, tokens, now) =>
    store.withTransaction((tx) => q.syncTokens(tx.db, source, tokens, now)),
} satisfies RoleMethods<TokenStore>

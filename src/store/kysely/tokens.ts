// TokenStore on Kysely (queries in tokens-queries.ts).
import { reportDuplicates } from '../duplicate-error.js'
import type { TokenStore } from '../roles/token-store.js'
import * as q from '../tokens-queries.js'
import { inScope, onConnection, type RoleMethods } from './store-context.js'

const syncTokens = reportDuplicates(q.syncTokens)

export const tokenMethods = {
  ...onConnection({ findTokenByHash: q.findTokenByHash, touchToken: q.touchToken }),
  ...inScope({
    listTokens: q.listTokens,
    getToken: q.getToken,
    // a name another token of the project has (or, unlikely, a hash)
    createToken: reportDuplicates(q.createToken),
    deleteToken: q.deleteToken,
  }),
  // one source's tokens are replaced all at once or not at all; a name or hash another source has
  syncTokens: (store, source, tokens, now) =>
    store.withTransaction((tx) => syncTokens(tx.db, tx.project, source, tokens, now)),
} satisfies RoleMethods<TokenStore>

// Managing a project's API tokens (the /api/v1/tokens routes and `backwatch tokens`): a new token's
// secret is returned once and only its hash kept; the tokens of the config file and the bootstrap
// token are changed where they are defined, never here.
import { hashToken } from '../../auth/token-hash.js'
import { newTokenSecret } from '../../auth/token-secret.js'
import { TOKEN_SCOPES, type TokenScope } from '../../domain/access.js'
import { target } from '../../domain/audit.js'
import { managedElsewhere, type TokenRecord, tokenNameProblem } from '../../domain/tokens.js'
import { DuplicateError } from '../../store/duplicate-error.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { TokenStore } from '../../store/roles/token-store.js'
import type { Store } from '../../store/store.js'

export type TokenAdminFailure = 'invalid' | 'taken' | 'not_found' | 'managed_elsewhere'

/** A refused request, worded for whoever made it; `code` says which kind (API status, CLI). */
export class TokenAdminError extends Error {
  constructor(
    readonly code: TokenAdminFailure,
    message: string,
    /** which input field, for `invalid` */
    readonly field?: 'name' | 'scope',
  ) {
    super(message)
  }
}

export interface NewTokenInput {
  name: string
  scope: string
  /** "user alice", "token deploy", "cli" */
  createdBy: string
}

export interface CreatedToken {
  token: TokenRecord
  /** shown once: only its hash is stored */
  secret: string
}

const taken = (name: string) =>
  new TokenAdminError('taken', `a token named "${name}" already exists in this project`)

/** Makes a token in the store's project. */
export async function createToken(
  store: TokenStore,
  input: NewTokenInput,
  now: number,
): Promise<CreatedToken> {
  const problem = tokenNameProblem(input.name)
  if (problem) throw new TokenAdminError('invalid', problem, 'name')
  if (!(TOKEN_SCOPES as readonly string[]).includes(input.scope))
    throw new TokenAdminError('invalid', `the scope must be one of ${TOKEN_SCOPES.join(', ')}`, 'scope')
  if (await store.getToken({ name: input.name })) throw taken(input.name)
  const { secret, prefix } = newTokenSecret()
  try {
    const token = await store.createToken(
      {
        name: input.name,
        scope: input.scope as TokenScope,
        hash: hashToken(secret),
        prefix,
        createdBy: input.createdBy,
      },
      now,
    )
    return { token, secret }
  } catch (err) {
    // another request took the name since the check
    if (err instanceof DuplicateError) throw taken(input.name)
    throw err
  }
}

/** The token `ref` names in the store's project: digits are an id, anything else a name. */
export async function findToken(store: TokenStore, ref: string): Promise<TokenRecord> {
  const found = /^\d{1,15}$/.test(ref)
    ? await store.getToken({ id: Number(ref) })
    : await store.getToken({ name: ref })
  if (!found) throw new TokenAdminError('not_found', `token "${ref}" not found`)
  return found
}

/** Revokes (deletes) an API-made token of the store's project; returns what it was. */
export async function revokeToken(store: TokenStore, ref: string): Promise<TokenRecord> {
  const token = await findToken(store, ref)
  if (managedElsewhere(token)) {
    const where =
      token.source === 'bootstrap'
        ? 'the configuration file or the environment (api_token, BACKWATCH_API_TOKEN)'
        : 'the configuration file (tokens:)'
    throw new TokenAdminError(
      'managed_elsewhere',
      `token "${token.name}" is defined in ${where}: change or remove it there`,
    )
  }
  if (!(await store.deleteToken(token.id))) throw new TokenAdminError('not_found', `token "${ref}" not found`)
  return token
}

const tokenTarget = (t: TokenRecord) => target('token', t.id, t.name)

/** createToken for a request (the API, the dashboard): audited as token.created with its scope. */
export function makeToken(
  store: Store,
  audit: AuditRecorder,
  input: NewTokenInput,
  now: number,
): Promise<CreatedToken> {
  return store.transaction(async (tx) => {
    const made = await createToken(tx, input, now)
    await audit(tx, {
      action: 'token.created',
      target: tokenTarget(made.token),
      details: { scope: input.scope },
    })
    return made
  })
}

/** revokeToken for a request (the API, the dashboard): audited as token.deleted. */
export function removeToken(store: Store, audit: AuditRecorder, ref: string): Promise<TokenRecord> {
  return store.transaction(async (tx) => {
    const token = await revokeToken(tx, ref)
    await audit(tx, { action: 'token.deleted', target: tokenTarget(token) })
    return token
  })
}

/** A token as listed (API and CLI): never its secret nor its hash. */
export interface TokenListing {
  id: number
  name: string
  scope: TokenScope
  source: TokenRecord['source']
  prefix: string | null
  created_by: string | null
  created_at: string
  last_used_at: string | null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function tokenListing(t: TokenRecord): TokenListing {
  return {
    id: t.id,
    name: t.name,
    scope: t.scope,
    source: t.source,
    prefix: t.prefix,
    created_by: t.createdBy,
    created_at: iso(t.createdAt)!,
    last_used_at: iso(t.lastUsedAt),
  }
}

export async function listTokens(store: TokenStore): Promise<TokenListing[]> {
  return (await store.listTokens()).map(tokenListing)
}

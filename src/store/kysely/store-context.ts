// What a role's methods (kysely/<role>.ts) see of the KyselyStore they are installed on, and the
// installer: each role's implementation lives with its role instead of as delegations in the class.
import type { Kysely } from 'kysely'
import type { Transitioned } from '../alerts-queries.js'
import type { ChangeTopic } from '../change-feed.js'
import type { DialectKind } from '../migrations.js'
import type { Database } from '../schema.js'
import type { Scope } from '../scope.js'

export interface StoreContext {
  /** the connection, or the transaction this store is bound to */
  readonly db: Kysely<Database>
  readonly kind: DialectKind
  /** the project this store is bound to, or null for all of them (store/scope.ts) */
  readonly project: Scope
  /** Row locks mean something only inside a PostgreSQL transaction. */
  readonly locks: boolean
  /** Tells the alert sink about an alert's transition, in this transaction. */
  readonly transitioned: Transitioned
  publish(topic: ChangeTopic): Promise<void>
  /** Runs fn in this store's transaction, or in a new one. */
  withTransaction<T>(fn: (tx: StoreContext) => Promise<T>): Promise<T>
}

type Db = Kysely<Database>

/** Methods of role R written as functions taking the store's context first (all optional: a role
 * may be implemented in parts, the class's `implements Store` checks the whole). */
export type RoleMethods<R> = {
  [K in keyof R]?: R[K] extends (...args: infer A) => infer T ? (store: StoreContext, ...args: A) => T : never
}

/** The methods as the store's callers see them: the context parameter gone. */
export type Installed<M> = {
  [K in keyof M]: M[K] extends (store: StoreContext, ...args: infer A) => infer T ? (...args: A) => T : never
}

type Query = (db: Db, ...args: never[]) => unknown
type ScopedQuery = (db: Db, scope: Scope, ...args: never[]) => unknown

/** Queries that take the store's project after the connection, `(db, scope, ...args)`, as role methods. */
export function inScope<Q extends Record<string, ScopedQuery>>(
  queries: Q,
): {
  [K in keyof Q]: Q[K] extends (db: Db, scope: Scope, ...args: infer A) => infer T
    ? (store: StoreContext, ...args: A) => T
    : never
} {
  const methods: Record<string, (store: StoreContext, ...args: never[]) => unknown> = {}
  for (const [name, query] of Object.entries(queries))
    methods[name] = (store, ...args) => query(store.db, store.project, ...args)
  return methods as ReturnType<typeof inScope<Q>>
}

/** Queries that need only the connection, `(db, ...args)`, as role methods. */
export function onConnection<Q extends Record<string, Query>>(
  queries: Q,
): {
  [K in keyof Q]: Q[K] extends (db: Db, ...args: infer A) => infer T
    ? (store: StoreContext, ...args: A) => T
    : never
} {
  const methods: Record<string, (store: StoreContext, ...args: never[]) => unknown> = {}
  for (const [name, query] of Object.entries(queries))
    methods[name] = (store, ...args) => query(store.db, ...args)
  return methods as ReturnType<typeof onConnection<Q>>
}

/** Adds each method to the class's prototype, called with the instance as its context. */
export function installMethods(
  target: { prototype: StoreContext },
  methods: Record<string, (store: StoreContext, ...args: never[]) => unknown>,
): void {
  for (const [name, method] of Object.entries(methods)) {
    Object.defineProperty(target.prototype, name, {
      value(this: StoreContext, ...args: never[]) {
        return method(this, ...args)
      },
      writable: true,
      configurable: true,
    })
  }
}

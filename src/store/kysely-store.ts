// The Store on Kysely: one set of queries for SQLite and PostgreSQL. This class holds the
// connection, the dialect, transactions, the change feed and the alert sink; each role's methods
// (kysely/<role>.ts, their SQL in <area>-queries.ts) are installed on it below.
import { type Kysely, sql } from 'kysely'
import type * as alertQueries from './alerts-queries.js'
import { getAlert } from './alerts-queries.js'
import { type ChangeFeed, type ChangeListener, type ChangeTopic, LocalChangeFeed } from './change-feed.js'
import { type DeferredWrite, runWrites } from './combined-writes.js'
import * as instanceQueries from './instances-queries.js'
import { updateJobStates } from './job-states-queries.js'
import { metricsMethods, reportMethods } from './kysely/aggregates.js'
import { alertMethods } from './kysely/alerts.js'
import { auditMethods } from './kysely/audit.js'
import { channelMethods } from './kysely/channels.js'
import { jobMethods } from './kysely/jobs.js'
import { outboxMethods } from './kysely/outbox.js'
import { policyMethods } from './kysely/policies.js'
import { projectMethods } from './kysely/projects.js'
import { runMethods } from './kysely/runs.js'
import { serverMethods } from './kysely/servers.js'
import { settingsMethods } from './kysely/settings.js'
import { silenceMethods } from './kysely/silences.js'
import { type Installed, installMethods, type StoreContext } from './kysely/store-context.js'
import { tokenMethods } from './kysely/tokens.js'
import { sessionMethods, userMethods } from './kysely/users.js'
import type { DialectKind } from './migrations.js'
import { PgChangeFeed } from './pg-change-feed.js'
import { insertPingEvents } from './ping-events-queries.js'
import type { JobStatePatch } from './roles/job-store.js'
import type { NewPingEvent } from './roles/run-store.js'
import type { RunStat } from './run-stats-queries.js'
import * as runStatQueries from './run-stats-queries.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'
import type { AlertSink, Store } from './store.js'

const roleMethods = {
  ...projectMethods,
  ...settingsMethods,
  ...tokenMethods,
  ...userMethods,
  ...sessionMethods,
  ...serverMethods,
  ...jobMethods,
  ...runMethods,
  ...alertMethods,
  ...policyMethods,
  ...channelMethods,
  ...outboxMethods,
  ...silenceMethods,
  ...reportMethods,
  ...metricsMethods,
  ...auditMethods,
}

/**
 * What a transaction defers to its end: writes nothing in it reads back (ping events, jobs'
 * state), run counts (written last, in one order), topics, and what runs once it committed.
 */
interface TransactionState {
  writes: DeferredWrite[]
  runStats: RunStat[]
  topics: Set<ChangeTopic>
  committed: (() => void)[]
}

// The role methods, as installMethods puts them on the prototype (declaration merging is the
// point here: the class is typed with exactly the methods installed from the same objects).
export interface KyselyStore extends Installed<typeof roleMethods> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class KyselyStore implements Store, StoreContext {
  constructor(
    readonly db: Kysely<Database>,
    readonly kind: DialectKind,
    private readonly onClose?: () => Promise<void>,
    /** set on the store bound to a transaction */
    private readonly txState: TransactionState | null = null,
    /** shared with the transaction stores made from this one */
    private readonly hooks: { alertSink?: AlertSink; feed: ChangeFeed } = { feed: new LocalChangeFeed() },
    /** the project this store sees and writes, or null for every project (the engine's view) */
    readonly project: Scope = null,
  ) {}

  /** The same connection (and transaction, when bound to one) seeing only `projectId`'s rows. */
  inProject(projectId: number): KyselyStore {
    return new KyselyStore(this.db, this.kind, this.onClose, this.txState, this.hooks, projectId)
  }

  /** Row locks mean something only inside a PostgreSQL transaction. */
  get locks(): boolean {
    return this.txState !== null && this.kind === 'postgres'
  }

  setAlertSink(sink: AlertSink): void {
    this.hooks.alertSink = sink
  }

  async transaction<T>(fn: (tx: KyselyStore) => Promise<T>): Promise<T> {
    if (this.txState) return fn(this)
    const state: TransactionState = { writes: [], runStats: [], topics: new Set(), committed: [] }
    const result = await this.db.transaction().execute(async (trx) => {
      const out = await fn(new KyselyStore(trx, this.kind, undefined, state, this.hooks, this.project))
      // Hot rows last and in one order: concurrent transactions never deadlock on them.
      const { writes, runStats } = state
      if (runStats.length > 0) writes.push((db) => runStatQueries.addRunStats(db, runStats))
      await runWrites(trx, this.kind, writes)
      if (state.topics.size > 0) await this.hooks.feed.publishInTransaction(trx, [...state.topics])
      return out
    })
    // Heard only now: a listener that reads the database finds what was committed.
    if (state.topics.size > 0) this.hooks.feed.emitLocal([...state.topics])
    for (const fn of state.committed) fn()
    return result
  }

  afterCommit(fn: () => void): void {
    if (this.txState) this.txState.committed.push(fn)
    else fn()
  }

  withTransaction<T>(fn: (tx: StoreContext) => Promise<T>): Promise<T> {
    return this.transaction(fn)
  }

  async publish(topic: ChangeTopic): Promise<void> {
    if (this.txState) {
      this.txState.topics.add(topic)
      return
    }
    await this.hooks.feed.publishInTransaction(this.db, [topic])
    this.hooks.feed.emitLocal([topic])
  }

  async registerInstance(id: string, now: number): Promise<void> {
    const feed = this.hooks.feed
    if (feed instanceof PgChangeFeed) await instanceQueries.registerInstance(this.db, id, feed.lockKey, now)
  }

  async deregisterInstance(id: string): Promise<void> {
    if (this.hooks.feed instanceof PgChangeFeed) await instanceQueries.deregisterInstance(this.db, id)
  }

  subscribe(listener: ChangeListener): () => void {
    return this.hooks.feed.subscribe(listener)
  }

  /** Tells the sink (the notification outbox) about an alert transition, in this transaction. */
  readonly transitioned: alertQueries.Transitioned = async (alertId, transition, now) => {
    const sink = this.hooks.alertSink
    if (!sink) return
    const alert = await getAlert(this.db, null, alertId)
    if (alert) await sink(this, alert, transition, now)
  }

  /** In a transaction at its end (one statement with the other deferred writes on PostgreSQL). */
  async insertPingEvents(events: NewPingEvent[]): Promise<void> {
    await this.deferred((db) => insertPingEvents(db, this.kind, events))
  }

  /** In a transaction at its end: nothing in it may read these jobs' state back. */
  async updateJobStates(updates: { id: number; patch: JobStatePatch }[], now: number): Promise<void> {
    await this.deferred((db) => updateJobStates(db, this.kind, this.project, updates, now))
  }

  private async deferred(write: DeferredWrite): Promise<void> {
    if (this.txState) this.txState.writes.push(write)
    else await write(this.db)
  }

  /** Counts finished runs; in a transaction at its end, with the other hot rows. */
  async addRunStats(counts: RunStat[]): Promise<void> {
    if (this.txState) this.txState.runStats.push(...counts)
    else await runStatQueries.addRunStats(this.db, counts)
  }

  async isHealthy(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db)
      return true
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    await this.hooks.feed.close()
    await this.db.destroy()
    await this.onClose?.()
  }
}

installMethods(KyselyStore, roleMethods)

// The storage interface, one role per area (roles/): a consumer depends only on the roles it
// uses. Every method is a single query or a short group of them; decisions live in domain/, the
// store only persists and retrieves facts. `Store` is all the roles at once, as one class
// (KyselyStore) implements them and a transaction hands out.

import type { AlertRecord } from '../domain/records.js'
import type { ChangeListener, ChangeTopic } from './change-feed.js'
import type { DialectKind } from './migrations.js'
import type { AlertStore, AlertTransition } from './roles/alert-store.js'
import type { AuditStore } from './roles/audit-store.js'
import type { ChannelStore } from './roles/channel-store.js'
import type { JobStore } from './roles/job-store.js'
import type { MetricsStore } from './roles/metrics-store.js'
import type { OutboxStore } from './roles/outbox-store.js'
import type { PolicyStore } from './roles/policy-store.js'
import type { ProjectStore } from './roles/project-store.js'
import type { ReportStore } from './roles/report-store.js'
import type { RunStore } from './roles/run-store.js'
import type { ServerStore } from './roles/server-store.js'
import type { SettingsStore } from './roles/settings-store.js'
import type { SilenceStore } from './roles/silence-store.js'
import type { TokenStore } from './roles/token-store.js'
import type { SessionStore, UserStore } from './roles/user-store.js'
import type { Scope } from './scope.js'

/** Called inside the transaction that opens, resolves or escalates an alert (the outbox). */
export type AlertSink = (
  tx: Store,
  alert: AlertRecord,
  transition: AlertTransition,
  now: number,
) => Promise<void>

/** What every part of the store shares: the connection, transactions, the change feed. */
export interface CoreStore {
  readonly kind: DialectKind
  /** The project this store is bound to, or null: the engine's view of every project. */
  readonly project: Scope
  /**
   * This store (its connection or transaction) bound to one project: it reads only that project's
   * rows and creates rows in it. What the API hands each request.
   */
  inProject(projectId: number): Store
  /** Runs fn in one transaction with a store bound to it; nested calls reuse it. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>
  /** Registers the one sink told about every alert transition, in the transaction making it. */
  setAlertSink(sink: AlertSink): void
  isHealthy(): Promise<boolean>
  close(): Promise<void>
  /**
   * Announces a committed change: in a transaction, heard after it commits (never when it rolls
   * back); on PostgreSQL by every instance sharing the database, else by this process.
   */
  publish(topic: ChangeTopic): Promise<void>
  /** Runs `fn` once this transaction commits (never when it rolls back); outside one, at once. */
  afterCommit(fn: () => void): void
  /** Records this process as a running instance named `id` (its delivery claims' owner). */
  registerInstance(id: string, now: number): Promise<void>
  deregisterInstance(id: string): Promise<void>
  /** Hears the topics published by this process and, on PostgreSQL, by the other instances. */
  subscribe(listener: ChangeListener): () => void
}

export type Store = CoreStore &
  ProjectStore &
  SettingsStore &
  TokenStore &
  UserStore &
  SessionStore &
  ServerStore &
  JobStore &
  RunStore &
  AlertStore &
  PolicyStore &
  ChannelStore &
  OutboxStore &
  SilenceStore &
  ReportStore &
  MetricsStore &
  AuditStore

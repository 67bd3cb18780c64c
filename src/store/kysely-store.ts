// The Store on Kysely: one set of queries for SQLite and PostgreSQL. This class holds the
// connection, the dialect, transactions and the alert sink; each area's SQL is in its own module.
import { type Kysely, sql } from 'kysely'
import type { ChannelState, DeliveryRecord, DeliveryStatus, NewDelivery } from '../domain/delivery-records.js'
import type { NewSilence, SilenceRecord, SilenceSource, SilenceState } from '../domain/silence.js'
import type { AlertType, Severity } from '../domain/types.js'
import type { Membership, SessionRecord } from '../domain/users.js'
import * as alertQueries from './alerts-queries.js'
import { type ChangeFeed, type ChangeListener, type ChangeTopic, LocalChangeFeed } from './change-feed.js'
import type { NewStoredChannel, StoredChannel } from './channels-queries.js'
import * as channelQueries from './channels-queries.js'
import * as instanceQueries from './instances-queries.js'
import * as jobQueries from './jobs-queries.js'
import * as metricQueries from './metrics-queries.js'
import type { DialectKind } from './migrations.js'
import * as outbox from './outbox-queries.js'
import { PgChangeFeed } from './pg-change-feed.js'
import * as pingQueries from './ping-events-queries.js'
import * as policyQueries from './policies-queries.js'
import * as reportQueries from './report-queries.js'
import * as runStatQueries from './run-stats-queries.js'
import * as runQueries from './runs-queries.js'
import type { Database } from './schema.js'
import * as serverQueries from './servers-queries.js'
import * as sessionQueries from './sessions-queries.js'
import * as settingQueries from './settings-queries.js'
import type { SilencePatch } from './silences-queries.js'
import * as silences from './silences-queries.js'
import type {
  AlertFilter,
  AlertSink,
  JobFilter,
  JobRef,
  JobSettingsPatch,
  JobStatePatch,
  NewAlert,
  NewJob,
  NewPingEvent,
  NewRun,
  NewServer,
  PageRequest,
  RunFilter,
  RunPatch,
  ServerRef,
  ServerStatePatch,
  Store,
  StoredPolicy,
} from './store.js'
import * as tokenQueries from './tokens-queries.js'
import type { NewUser, UserRef } from './user-store.js'
import * as userQueries from './users-queries.js'

type Subject = { jobId?: number; serverId?: number }

type RunStat = { hour: number; status: string; n: number }

/** What a transaction defers to its end: run counts (written last, in one order) and topics. */
interface TransactionState {
  runStats: RunStat[]
  topics: Set<ChangeTopic>
}

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database>,
    readonly kind: DialectKind,
    private readonly onClose?: () => Promise<void>,
    /** set on the store bound to a transaction */
    private readonly txState: TransactionState | null = null,
    /** shared with the transaction stores made from this one */
    private readonly hooks: { alertSink?: AlertSink; feed: ChangeFeed } = { feed: new LocalChangeFeed() },
  ) {}

  private get inTransaction(): boolean {
    return this.txState !== null
  }

  setAlertSink(sink: AlertSink): void {
    this.hooks.alertSink = sink
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this)
    const state: TransactionState = { runStats: [], topics: new Set() }
    const result = await this.db.transaction().execute(async (trx) => {
      const out = await fn(new KyselyStore(trx, this.kind, undefined, state, this.hooks))
      // Hot rows last and in one order: concurrent transactions never deadlock on them.
      if (state.runStats.length > 0) await runStatQueries.addRunStats(trx, state.runStats)
      if (state.topics.size > 0) await this.hooks.feed.publishInTransaction(trx, [...state.topics])
      return out
    })
    // Heard only now: a listener that reads the database finds what was committed.
    if (state.topics.size > 0) this.hooks.feed.emitLocal([...state.topics])
    return result
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
  private readonly transitioned: alertQueries.Transitioned = async (alertId, transition, now) => {
    const sink = this.hooks.alertSink
    if (!sink) return
    const alert = await this.getAlert(alertId)
    if (alert) await sink(this, alert, transition, now)
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

  // ── settings (queries in settings-queries.ts) ────────────────────────────
  getSetting(key: string) {
    return settingQueries.getSetting(this.db, key)
  }

  initSetting(key: string, value: string) {
    return settingQueries.initSetting(this.db, key, value)
  }

  setSetting(key: string, value: string) {
    return settingQueries.setSetting(this.db, key, value)
  }

  // ── tokens (queries in tokens-queries.ts) ────────────────────────────────
  syncTokens(source: string, tokens: { name: string; scope: string; hash: string }[], now: number) {
    return this.transaction((tx) => tokenQueries.syncTokens((tx as KyselyStore).db, source, tokens, now))
  }

  findTokenByHash(hash: string) {
    return tokenQueries.findTokenByHash(this.db, hash)
  }

  // ── users and sessions (queries in users-queries.ts, sessions-queries.ts) ─
  createUser(user: NewUser, now: number) {
    return this.transaction((tx) => userQueries.createUser((tx as KyselyStore).db, user, now))
  }

  getUser(ref: UserRef) {
    return userQueries.getUser(this.db, ref)
  }

  listUsers() {
    return userQueries.listUsers(this.db)
  }

  countUsers() {
    return userQueries.countUsers(this.db)
  }

  deleteUser(id: number) {
    return this.transaction((tx) => userQueries.deleteUser((tx as KyselyStore).db, id))
  }

  setPassword(id: number, passwordHash: string, now: number) {
    return userQueries.setPassword(this.db, id, passwordHash, now)
  }

  setTotp(id: number, secret: string | null, recoveryCodeHashes: string[], now: number) {
    return userQueries.setTotp(this.db, id, secret, recoveryCodeHashes, now)
  }

  membershipsOf(userIds: number[]) {
    return userQueries.membershipsOf(this.db, userIds)
  }

  putMembership(userId: number, membership: Membership) {
    return userQueries.putMembership(this.db, userId, membership)
  }

  recordLoginFailure(id: number) {
    return userQueries.recordLoginFailure(this.db, id)
  }

  lockUser(id: number, until: number) {
    return userQueries.lockUser(this.db, id, until)
  }

  clearLoginFailures(id: number) {
    return userQueries.clearLoginFailures(this.db, id)
  }

  useTotpStep(id: number, step: number) {
    return userQueries.useTotpStep(this.db, id, step)
  }

  replaceRecoveryCodes(id: number, expected: string[], next: string[]) {
    return userQueries.replaceRecoveryCodes(this.db, id, expected, next)
  }

  createSession(session: SessionRecord) {
    return sessionQueries.createSession(this.db, session)
  }

  getSession(idHash: string) {
    return sessionQueries.getSession(this.db, idHash)
  }

  touchSession(idHash: string, now: number, expiresAt: number) {
    return sessionQueries.touchSession(this.db, idHash, now, expiresAt)
  }

  deleteSession(idHash: string) {
    return sessionQueries.deleteSession(this.db, idHash)
  }

  deleteUserSessions(userId: number) {
    return sessionQueries.deleteUserSessions(this.db, userId)
  }

  deleteExpiredSessions(now: number) {
    return sessionQueries.deleteExpiredSessions(this.db, now)
  }

  // ── servers (queries in servers-queries.ts) ──────────────────────────────
  createServer(s: NewServer, now: number) {
    return serverQueries.createServer(this.db, s, now)
  }

  updateServer(id: number, patch: Partial<NewServer>, now: number) {
    return serverQueries.updateServer(this.db, id, patch, now)
  }

  deleteServer(id: number) {
    return serverQueries.deleteServer(this.db, id)
  }

  getServer(ref: ServerRef) {
    return serverQueries.getServer(this.db, ref)
  }

  listServers(page: PageRequest) {
    return serverQueries.listServers(this.db, page)
  }

  updateServerState(id: number, patch: ServerStatePatch, now: number) {
    return serverQueries.updateServerState(this.db, id, patch, now)
  }

  dueServers(now: number, limit: number) {
    return serverQueries.dueServers(this.db, now, limit, this.locks)
  }

  lockServer(id: number) {
    return serverQueries.lockServer(this.db, id, this.locks)
  }

  /** Row locks mean something only inside a PostgreSQL transaction. */
  private get locks(): boolean {
    return this.inTransaction && this.kind === 'postgres'
  }

  serverJobCounts(serverId: number) {
    return serverQueries.serverJobCounts(this.db, serverId)
  }

  // ── jobs (queries in jobs-queries.ts) ────────────────────────────────────
  createJob(job: NewJob, now: number) {
    return jobQueries.createJob(this.db, job, now)
  }

  updateChangedJobSettings(id: number, patch: JobSettingsPatch, now: number) {
    return jobQueries.updateChangedJobSettings(this.db, id, patch, now)
  }

  updateJobSettings(id: number, patch: JobSettingsPatch, now: number) {
    return jobQueries.updateJobSettings(this.db, id, patch, now)
  }

  updateJobState(id: number, patch: JobStatePatch, now: number) {
    return jobQueries.updateJobState(this.db, id, patch, now)
  }

  deleteJob(id: number) {
    return jobQueries.deleteJob(this.db, id)
  }

  getJob(ref: JobRef) {
    return jobQueries.getJob(this.db, ref)
  }

  getJobsByUuids(uuids: string[]) {
    return jobQueries.getJobsByUuids(this.db, uuids)
  }

  getJobsBySlugs(slugs: string[]) {
    return jobQueries.getJobsBySlugs(this.db, slugs)
  }

  listJobs(filter: JobFilter, page: PageRequest) {
    return jobQueries.listJobs(this.db, filter, page)
  }

  countJobs() {
    return jobQueries.countJobs(this.db)
  }

  dueJobs(now: number, limit: number) {
    return jobQueries.dueJobs(this.db, now, limit, this.locks)
  }

  lockJobs(ids: number[]) {
    return jobQueries.lockJobs(this.db, ids, this.locks)
  }

  lockJobsByKey(keys: { uuids?: string[]; slugs?: string[] }) {
    return jobQueries.lockJobsByKey(this.db, keys, this.locks)
  }

  earliestDueAt() {
    return jobQueries.earliestDueAt(this.db)
  }

  // ── runs (queries in runs-queries.ts) ────────────────────────────────────
  insertRuns(runs: NewRun[], now: number) {
    return runQueries.insertRuns(this.db, this.kind, runs, now)
  }

  updateRun(id: number, patch: RunPatch) {
    return runQueries.updateRun(this.db, id, patch)
  }

  getRun(id: number, withLog: boolean) {
    return runQueries.getRun(this.db, id, withLog)
  }

  findRunByRid(jobId: number, rid: string) {
    return runQueries.findRunByRid(this.db, jobId, rid)
  }

  openRuns(jobIds: number[]) {
    return runQueries.openRuns(this.db, jobIds)
  }

  listRuns(filter: RunFilter, page: PageRequest) {
    return runQueries.listRuns(this.db, filter, page)
  }

  // ── ping events (queries in ping-events-queries.ts) ──────────────────────
  insertPingEvents(events: NewPingEvent[]) {
    return pingQueries.insertPingEvents(this.db, this.kind, events)
  }

  countPingEvents(jobId?: number) {
    return pingQueries.countPingEvents(this.db, jobId)
  }

  // ── alerts (queries in alerts-queries.ts; writes call the alert sink) ────
  openAlert(a: NewAlert, now: number) {
    return alertQueries.openAlert(this.db, a, now, this.transitioned)
  }

  resolveAlerts(subject: Subject, types: AlertType[], now: number) {
    return alertQueries.resolveAlerts(this.db, subject, types, now, this.transitioned)
  }

  activeAlertTypes(subject: Subject) {
    return alertQueries.activeAlertTypes(this.db, subject)
  }

  updateActiveAlert(
    subject: Subject,
    type: AlertType,
    patch: { severity: Severity; summary: string; details: Record<string, unknown> },
    now: number,
  ) {
    return alertQueries.updateActiveAlert(this.db, subject, type, patch, now, this.transitioned)
  }

  activeAlertsOfJobs(jobIds: number[]) {
    return alertQueries.activeAlertsOfJobs(this.db, jobIds)
  }

  activeAlertsOf(subject: Subject) {
    return alertQueries.activeAlertsOf(this.db, subject)
  }

  getAlert(id: number) {
    return alertQueries.getAlert(this.db, id)
  }

  listAlerts(filter: AlertFilter, page: PageRequest) {
    return alertQueries.listAlerts(this.db, filter, page)
  }

  // ── policies (queries in policies-queries.ts) ────────────────────────────
  listPolicies() {
    return policyQueries.listPolicies(this.db)
  }

  getPolicy(environment: string) {
    return policyQueries.getPolicy(this.db, environment)
  }

  putPolicy(p: Omit<StoredPolicy, 'updatedAt'>, now: number) {
    return policyQueries.putPolicy(this.db, p, now)
  }

  deletePolicy(environment: string) {
    return policyQueries.deletePolicy(this.db, environment)
  }

  // ── channels (queries in notify/channel-store-queries.ts) ────────────────
  listChannels(): Promise<StoredChannel[]> {
    return channelQueries.listChannels(this.db)
  }

  getChannel(name: string): Promise<StoredChannel | null> {
    return channelQueries.getChannel(this.db, name)
  }

  async createChannel(c: NewStoredChannel, now: number): Promise<StoredChannel | null> {
    const created = await channelQueries.createChannel(this.db, c, now)
    if (created) await this.publish('channels')
    return created
  }

  async putChannel(c: NewStoredChannel, now: number): Promise<StoredChannel> {
    const put = await channelQueries.putChannel(this.db, c, now)
    await this.publish('channels')
    return put
  }

  async deleteChannel(name: string): Promise<boolean> {
    const deleted = await channelQueries.deleteChannel(this.db, name)
    if (deleted) await this.publish('channels')
    return deleted
  }

  syncConfigChannels(channels: Omit<NewStoredChannel, 'source'>[], now: number) {
    return this.transaction(async (tx) => {
      const synced = await channelQueries.syncConfigChannels((tx as KyselyStore).db, channels, now)
      if (synced.upserted.length + synced.deleted.length > 0) await tx.publish('channels')
      return synced
    })
  }

  // ── run statistics (queries in run-stats-queries.ts) ─────────────────────
  async addRunStats(counts: RunStat[]) {
    if (this.txState) this.txState.runStats.push(...counts)
    else await runStatQueries.addRunStats(this.db, counts)
  }

  runStatsSince(hour: number) {
    return runStatQueries.runStatsSince(this.db, hour)
  }

  // ── fleet report (queries in report-queries.ts) ──────────────────────────
  jobStatusCounts() {
    return reportQueries.jobStatusCounts(this.db)
  }

  serverHealthCounts(now: number) {
    return reportQueries.serverHealthCounts(this.db, now)
  }

  activeAlertCounts() {
    return reportQueries.activeAlertCounts(this.db)
  }

  activeProblems(limit: number) {
    return reportQueries.activeProblems(this.db, limit)
  }

  // ── metrics (queries in metrics-queries.ts) ──────────────────────────────
  metricsJobsPage(afterId: number, limit: number) {
    return metricQueries.metricsJobsPage(this.db, afterId, limit)
  }

  metricsAlertCounts() {
    return metricQueries.metricsAlertCounts(this.db)
  }

  // ── notification outbox (queries in notify/outbox/outbox-queries.ts) ──────
  enqueueDeliveries(rows: NewDelivery[], now: number): Promise<number> {
    return outbox.enqueueDeliveries(this.db, rows, now)
  }

  claimDeliveries(now: number, owner: string, leaseMs: number, limit: number): Promise<DeliveryRecord[]> {
    return outbox.claimDeliveries(this.db, this.kind, now, owner, leaseMs, limit)
  }

  markDelivered(id: number, owner: string, now: number, detail: string): Promise<boolean> {
    return outbox.markDelivered(this.db, id, owner, now, detail)
  }

  rescheduleDelivery(
    id: number,
    owner: string,
    nextAt: number,
    error: string,
    _now: number,
  ): Promise<boolean> {
    return outbox.rescheduleDelivery(this.db, id, owner, nextAt, error)
  }

  skipDelivery(id: number, owner: string, reason: string, now: number): Promise<boolean> {
    return outbox.skipDelivery(this.db, id, owner, reason, now)
  }

  failDelivery(id: number, owner: string, error: string, now: number): Promise<boolean> {
    return outbox.failDelivery(this.db, id, owner, error, now)
  }

  releaseDelivery(id: number, owner: string, nextAt: number): Promise<boolean> {
    return outbox.releaseDelivery(this.db, id, owner, nextAt)
  }

  releaseDeliveries(ids: number[], owner: string, nextAt: number): Promise<number> {
    return outbox.releaseDeliveries(this.db, ids, owner, nextAt)
  }

  recordChannelResult(channel: string, ok: boolean, error: string | null, now: number): Promise<void> {
    return outbox.recordChannelResult(this.db, channel, ok, error, now)
  }

  channelStates(): Promise<ChannelState[]> {
    return outbox.channelStates(this.db)
  }

  pendingCounts(): Promise<Record<string, number>> {
    return outbox.pendingCounts(this.db)
  }

  deliveriesForAlert(alertId: number): Promise<DeliveryRecord[]> {
    return outbox.deliveriesForAlert(this.db, alertId)
  }

  earliestDeliveryAt(): Promise<number | null> {
    return outbox.earliestDeliveryAt(this.db)
  }

  // ── silences (queries in notify/silence-queries.ts) ──────────────────────
  createSilence(s: NewSilence, now: number): Promise<SilenceRecord> {
    return silences.createSilence(this.db, s, now)
  }

  updateSilence(id: number, patch: SilencePatch, now: number, source?: SilenceSource) {
    return silences.updateSilence(this.db, id, patch, now, source)
  }

  getSilence(ref: { id: number } | { name: string }) {
    return silences.getSilence(this.db, ref)
  }

  deleteSilence(id: number): Promise<boolean> {
    return silences.deleteSilence(this.db, id)
  }

  listSilences(filter: { state?: SilenceState; now: number }, page: PageRequest) {
    return silences.listSilences(this.db, filter, page)
  }

  activeSilences(now: number): Promise<SilenceRecord[]> {
    return silences.activeSilences(this.db, now)
  }

  configSilences(): Promise<SilenceRecord[]> {
    return silences.configSilences(this.db)
  }

  nextSilenceEnd(): Promise<number | null> {
    return silences.nextSilenceEnd(this.db)
  }

  markSilencesReleased(now: number): Promise<number> {
    return silences.markSilencesReleased(this.db, now)
  }

  suppressedOpenings(): Promise<DeliveryRecord[]> {
    return silences.suppressedOpenings(this.db)
  }

  releaseSuppressed(id: number, payload: string, now: number): Promise<boolean> {
    return silences.releaseSuppressed(this.db, id, payload, now)
  }

  openingStatus(alertId: number, channel: string): Promise<DeliveryStatus | null> {
    return silences.openingStatus(this.db, alertId, channel)
  }
}

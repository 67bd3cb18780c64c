// The Store on Kysely: one set of queries for SQLite and PostgreSQL.
import { CompiledQuery, type Kysely, sql } from 'kysely'
import type { AlertRecord, JobRecord, RunRecord, ServerRecord, TokenRecord } from '../domain/records.js'
import type { AlertType, Severity } from '../domain/types.js'
import { SEVERITIES } from '../domain/types.js'
import type { MetricsAlertCount, MetricsJobRow } from '../metrics/metrics-rows.js'
import type { NewStoredChannel, StoredChannel } from '../notify/channel-store-queries.js'
import * as channelQueries from '../notify/channel-store-queries.js'
import * as outbox from '../notify/outbox/outbox-queries.js'
import type { ChannelState, DeliveryRecord, DeliveryStatus, NewDelivery } from '../notify/outbox/records.js'
import type { NewSilence, SilenceRecord, SilenceSource, SilenceState } from '../notify/silence.js'
import type { SilencePatch } from '../notify/silence-queries.js'
import * as silences from '../notify/silence-queries.js'
import { decodeCursor, pageOf } from './cursor.js'
import { alertFromRow, jobFromRow, policyFromRow, runFromRow, serverFromRow } from './mappers.js'
import type { DialectKind } from './migrations.js'
import type { Database } from './schema.js'
import type {
  AlertFilter,
  AlertSink,
  AlertTransition,
  JobFilter,
  JobRef,
  JobSettingsPatch,
  JobStatePatch,
  NewAlert,
  NewJob,
  NewPingEvent,
  NewRun,
  NewServer,
  Page,
  PageRequest,
  RunFilter,
  RunPatch,
  ServerHealthCounts,
  ServerRef,
  ServerStatePatch,
  Store,
  StoredPolicy,
} from './store.js'

// SQLite allows 32766 bound parameters per statement; stay well below for multi-row inserts.
const MAX_PARAMS = 30_000
/** Values bound in one `in (…)` list. */
const MAX_IN = 10_000

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/** Columns a multi-row insert binds per row: Kysely inserts the union of the rows' keys. */

/** Rows to fetch for a page: one more than asked, to know whether another page follows. */
function fetchLimit(page: PageRequest): number {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1) {
    throw new RangeError(`page limit must be a positive integer, got ${page.limit}`)
  }
  return page.limit + 1
}

function subjectOf(s: { jobId?: number | null; serverId?: number | null }): string {
  return s.jobId != null ? `job:${s.jobId}` : `server:${s.serverId}`
}

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database>,
    readonly kind: DialectKind,
    private readonly onClose?: () => Promise<void>,
    private readonly inTransaction = false,
    /** shared with the transaction stores made from this one */
    private readonly hooks: { alertSink?: AlertSink } = {},
  ) {}

  setAlertSink(sink: AlertSink): void {
    this.hooks.alertSink = sink
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this)
    return this.db
      .transaction()
      .execute((trx) => fn(new KyselyStore(trx, this.kind, undefined, true, this.hooks)))
  }

  /** Tells the sink (the notification outbox) about an alert transition, in this transaction. */
  private async transitioned(alertId: number, transition: AlertTransition, now: number): Promise<void> {
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
    await this.db.destroy()
    await this.onClose?.()
  }

  // ── settings ──────────────────────────────────────────────────────────────
  async getSetting(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
    return row?.value ?? null
  }

  async initSetting(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute()
    return (await this.getSetting(key)) ?? value
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute()
  }

  // ── tokens ────────────────────────────────────────────────────────────────
  async syncTokens(
    source: string,
    tokens: { name: string; scope: string; hash: string }[],
    now: number,
  ): Promise<void> {
    await this.transaction(async (tx) => {
      const db = (tx as KyselyStore).db
      await db.deleteFrom('tokens').where('source', '=', source).execute()
      for (const t of tokens) {
        await db
          .deleteFrom('tokens')
          .where((eb) => eb.or([eb('name', '=', t.name), eb('hash', '=', t.hash)]))
          .execute()
        await db
          .insertInto('tokens')
          .values({ ...t, source, created_at: now, last_used_at: null })
          .execute()
      }
    })
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | null> {
    const row = await this.db
      .selectFrom('tokens')
      .select(['id', 'name', 'scope', 'source'])
      .where('hash', '=', hash)
      .executeTakeFirst()
    return row
      ? { id: Number(row.id), name: row.name, scope: row.scope as TokenRecord['scope'], source: row.source }
      : null
  }

  // ── servers ───────────────────────────────────────────────────────────────
  private serverQuery() {
    return this.db
      .selectFrom('servers')
      .selectAll('servers')
      .select((eb) =>
        eb
          .selectFrom('jobs')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('jobs.server_id', '=', 'servers.id')
          .as('jobs_count'),
      )
  }

  async createServer(s: NewServer, now: number): Promise<ServerRecord> {
    const row = await this.db
      .insertInto('servers')
      .values({
        name: s.name,
        environment: s.environment,
        tags: JSON.stringify(s.tags),
        heartbeat_timeout: s.heartbeatTimeout,
        last_heartbeat_at: null,
        offline_at: null,
        offline_since: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return (await this.getServer({ id: Number(row.id) }))!
  }

  async updateServer(id: number, patch: Partial<NewServer>, now: number): Promise<ServerRecord> {
    await this.db
      .updateTable('servers')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.environment !== undefined && { environment: patch.environment }),
        ...(patch.tags !== undefined && { tags: JSON.stringify(patch.tags) }),
        ...(patch.heartbeatTimeout !== undefined && { heartbeat_timeout: patch.heartbeatTimeout }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    const server = await this.getServer({ id })
    if (!server) throw new Error(`server ${id} not found`)
    return server
  }

  async deleteServer(id: number): Promise<boolean> {
    const res = await this.db.deleteFrom('servers').where('id', '=', id).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  async getServer(ref: ServerRef): Promise<ServerRecord | null> {
    const q = this.serverQuery()
    const row = await ('id' in ref
      ? q.where('servers.id', '=', ref.id)
      : q.where('servers.name', '=', ref.name)
    ).executeTakeFirst()
    return row ? serverFromRow(row) : null
  }

  async listServers(page: PageRequest): Promise<Page<ServerRecord>> {
    let q = this.serverQuery().orderBy('servers.id').limit(fetchLimit(page))
    if (page.cursor) q = q.where('servers.id', '>', decodeCursor(page.cursor).id)
    const rows = (await q.execute()).map(serverFromRow)
    return pageOf(rows, page.limit, (s) => ({ sortKey: 0, id: s.id }))
  }

  async updateServerState(id: number, patch: ServerStatePatch, now: number): Promise<void> {
    await this.db
      .updateTable('servers')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  async dueServers(now: number, limit: number): Promise<ServerRecord[]> {
    const rows = await this.serverQuery()
      .where('servers.offline_at', '<=', now)
      .where('servers.offline_since', 'is', null)
      .orderBy('servers.offline_at')
      .orderBy('servers.id')
      .limit(limit)
      .execute()
    return rows.map(serverFromRow)
  }

  // ── jobs ──────────────────────────────────────────────────────────────────
  private jobQuery() {
    return (
      this.db
        .selectFrom('jobs')
        .leftJoin('servers', 'servers.id', 'jobs.server_id')
        // The job's environment policy and the `default` one: the record carries its effective policy.
        .leftJoin('policies as env_policy', 'env_policy.environment', 'jobs.environment')
        .leftJoin('policies as default_policy', (join) =>
          join.on('default_policy.environment', '=', sql.lit('default')),
        )
        .selectAll('jobs')
        .select([
          'servers.name as server_name',
          'servers.offline_since as server_offline_since',
          'env_policy.settings as env_policy',
          'default_policy.settings as default_policy',
        ])
    )
  }

  async createJob(job: NewJob, now: number): Promise<JobRecord> {
    const row = await this.db
      .insertInto('jobs')
      .values({
        ...job,
        // optional in NewJob: an explicit undefined must not drop the NOT NULL status column
        status: job.status ?? 'new',
        next_due_at: job.next_due_at ?? null,
        down_reason: null,
        running_since: null,
        last_ping_at: null,
        last_ping_failed: 0,
        last_success_at: null,
        last_run_id: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return (await this.getJob({ id: Number(row.id) }))!
  }

  async updateJobSettings(id: number, patch: JobSettingsPatch, now: number): Promise<JobRecord> {
    await this.db
      .updateTable('jobs')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .execute()
    const job = await this.getJob({ id })
    if (!job) throw new Error(`job ${id} not found`)
    return job
  }

  async updateJobState(id: number, patch: JobStatePatch, now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  async deleteJob(id: number): Promise<boolean> {
    const res = await this.db.deleteFrom('jobs').where('id', '=', id).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  async getJob(ref: JobRef): Promise<JobRecord | null> {
    const q = this.jobQuery()
    const row = await ('id' in ref
      ? q.where('jobs.id', '=', ref.id)
      : 'slug' in ref
        ? q.where('jobs.slug', '=', ref.slug)
        : q.where('jobs.uuid', '=', ref.uuid)
    ).executeTakeFirst()
    return row ? jobFromRow(row) : null
  }

  async getJobsByUuids(uuids: string[]): Promise<JobRecord[]> {
    const out: JobRecord[] = []
    for (const part of chunks([...new Set(uuids)], MAX_IN)) {
      out.push(...(await this.jobQuery().where('jobs.uuid', 'in', part).execute()).map(jobFromRow))
    }
    return out
  }

  async getJobsBySlugs(slugs: string[]): Promise<JobRecord[]> {
    const out: JobRecord[] = []
    for (const part of chunks([...new Set(slugs)], MAX_IN)) {
      out.push(...(await this.jobQuery().where('jobs.slug', 'in', part).execute()).map(jobFromRow))
    }
    return out
  }

  async listJobs(filter: JobFilter, page: PageRequest): Promise<Page<JobRecord>> {
    let q = this.jobQuery().orderBy('jobs.id').limit(fetchLimit(page))
    if (filter.server !== undefined) q = q.where('jobs.server_id', '=', filter.server)
    if (filter.status !== undefined) q = q.where('jobs.status', '=', filter.status)
    if (filter.environment !== undefined) q = q.where('jobs.environment', '=', filter.environment)
    if (page.cursor) q = q.where('jobs.id', '>', decodeCursor(page.cursor).id)
    const rows = (await q.execute()).map(jobFromRow)
    return pageOf(rows, page.limit, (j) => ({ sortKey: 0, id: j.id }))
  }

  async countJobs(): Promise<number> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async dueJobs(now: number, limit: number): Promise<JobRecord[]> {
    const rows = await this.jobQuery()
      .where('jobs.next_due_at', '<=', now)
      .orderBy('jobs.next_due_at')
      .orderBy('jobs.id')
      .limit(limit)
      .execute()
    return rows.map(jobFromRow)
  }

  async earliestDueAt(): Promise<number | null> {
    const job = await this.db
      .selectFrom('jobs')
      .select('next_due_at')
      .where('next_due_at', 'is not', null)
      .orderBy('next_due_at')
      .limit(1)
      .executeTakeFirst()
    const server = await this.db
      .selectFrom('servers')
      .select('offline_at')
      .where('offline_at', 'is not', null)
      .where('offline_since', 'is', null)
      .orderBy('offline_at')
      .limit(1)
      .executeTakeFirst()
    const times = [job?.next_due_at, server?.offline_at].filter((t): t is number => t != null)
    return times.length === 0 ? null : Math.min(...times)
  }

  // ── runs ──────────────────────────────────────────────────────────────────
  private runQuery(withLog: boolean) {
    const q = this.db
      .selectFrom('runs')
      .innerJoin('jobs', 'jobs.id', 'runs.job_id')
      .leftJoin('servers', 'servers.id', 'runs.server_id')
      .select([
        'runs.id',
        'runs.job_id',
        'runs.server_id',
        'runs.rid',
        'runs.kind',
        'runs.status',
        'runs.failure_kind',
        'runs.started_at',
        'runs.finished_at',
        'runs.sort_at',
        'runs.duration_ms',
        'runs.exit_code',
        'runs.size_bytes',
        'runs.added_bytes',
        'runs.files_total',
        'runs.files_new',
        'runs.files_changed',
        'runs.error',
        'runs.source',
        'runs.details',
        'runs.log_size',
        'runs.created_at',
        'jobs.slug as job_slug',
        'servers.name as server_name',
      ])
    return withLog ? q.select('runs.log') : q
  }

  async insertRuns(runs: NewRun[], now: number): Promise<number[]> {
    const rows = await this.insertMany(
      'runs',
      runs.map((r) => ({ ...r, created_at: now })),
      true,
    )
    // RETURNING promises no row order; ids are handed out in insertion order within a
    // statement (and keep increasing even when other sessions take ids in between), so
    // ascending ids are the input order.
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b)
  }

  /**
   * Multi-row insert on the hot ingest path, written as SQL text: Kysely's builder costs
   * several microseconds per value, which dominated a ping's CPU time.
   */
  private async insertMany(table: string, rows: object[], returnId: boolean): Promise<{ id: number }[]> {
    const out: { id: number }[] = []
    if (rows.length === 0) return out
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `
    for (const chunk of chunks(rows, Math.max(1, Math.floor(MAX_PARAMS / columns.length)))) {
      const params: unknown[] = []
      const groups: string[] = []
      for (const row of chunk) {
        const marks: string[] = []
        for (const c of columns) {
          params.push((row as Record<string, unknown>)[c] ?? null)
          marks.push(this.kind === 'postgres' ? `$${params.length}` : '?')
        }
        groups.push(`(${marks.join(', ')})`)
      }
      const text = head + groups.join(', ') + (returnId ? ' returning "id"' : '')
      const res = await this.db.executeQuery<{ id: number }>(CompiledQuery.raw(text, params))
      out.push(...res.rows)
    }
    return out
  }

  async updateRun(id: number, patch: RunPatch): Promise<void> {
    await this.db.updateTable('runs').set(patch).where('id', '=', id).execute()
  }

  async getRun(id: number, withLog: boolean): Promise<RunRecord | null> {
    const row = await this.runQuery(withLog).where('runs.id', '=', id).executeTakeFirst()
    return row ? runFromRow(row) : null
  }

  async findRunByRid(jobId: number, rid: string): Promise<RunRecord | null> {
    const row = await this.runQuery(true)
      .where('runs.job_id', '=', jobId)
      .where('runs.rid', '=', rid)
      .orderBy('runs.id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row ? runFromRow(row) : null
  }

  async openRuns(jobIds: number[]): Promise<RunRecord[]> {
    const out: RunRecord[] = []
    for (const part of chunks([...new Set(jobIds)], MAX_IN)) {
      const rows = await this.runQuery(true)
        .where('runs.status', '=', 'running')
        .where('runs.job_id', 'in', part)
        .orderBy('runs.id')
        .execute()
      out.push(...rows.map(runFromRow))
    }
    return out.sort((a, b) => a.id - b.id)
  }

  async listRuns(filter: RunFilter, page: PageRequest): Promise<Page<RunRecord>> {
    let q = this.runQuery(false)
      .orderBy('runs.sort_at', 'desc')
      .orderBy('runs.id', 'desc')
      .limit(fetchLimit(page))
    if (filter.job !== undefined) q = q.where('runs.job_id', '=', filter.job)
    if (filter.server !== undefined) q = q.where('runs.server_id', '=', filter.server)
    if (filter.status !== undefined) q = q.where('runs.status', '=', filter.status)
    if (filter.since !== undefined) q = q.where('runs.sort_at', '>=', filter.since)
    if (page.cursor) {
      const c = decodeCursor(page.cursor)
      q = q.where((eb) =>
        eb.or([
          eb('runs.sort_at', '<', c.sortKey),
          eb.and([eb('runs.sort_at', '=', c.sortKey), eb('runs.id', '<', c.id)]),
        ]),
      )
    }
    const p = pageOf(await q.execute(), page.limit, (r) => ({ sortKey: Number(r.sort_at), id: Number(r.id) }))
    return { items: p.items.map(runFromRow), nextCursor: p.nextCursor }
  }

  // ── ping events ───────────────────────────────────────────────────────────
  async insertPingEvents(events: NewPingEvent[]): Promise<void> {
    await this.insertMany('ping_events', events, false)
  }

  async countPingEvents(jobId?: number): Promise<number> {
    let q = this.db.selectFrom('ping_events').select((eb) => eb.fn.countAll<number>().as('n'))
    if (jobId !== undefined) q = q.where('job_id', '=', jobId)
    return Number((await q.executeTakeFirstOrThrow()).n)
  }

  // ── alerts ────────────────────────────────────────────────────────────────
  private alertQuery() {
    return (
      this.db
        .selectFrom('alerts')
        .leftJoin('jobs', 'jobs.id', 'alerts.job_id')
        // A job's alert names the job's server, so `?server=` finds it too.
        .leftJoin('servers', (join) =>
          join.on((eb) =>
            eb.or([
              eb('servers.id', '=', eb.ref('alerts.server_id')),
              eb('servers.id', '=', eb.ref('jobs.server_id')),
            ]),
          ),
        )
        .selectAll('alerts')
        .select(['jobs.slug as job_slug', 'servers.name as server_name'])
    )
  }

  async openAlert(a: NewAlert, now: number): Promise<AlertRecord | null> {
    const row = await this.db
      .insertInto('alerts')
      .values({
        type: a.type,
        severity: a.severity,
        status: 'active',
        job_id: a.jobId,
        server_id: a.serverId,
        subject: subjectOf(a),
        summary: a.summary,
        details: JSON.stringify(a.details),
        opened_at: now,
        resolved_at: null,
      })
      // The conflict target must name the partial index alerts_one_active, predicate included, and
      // as a literal: SQLite only matches an index whose WHERE is the same expression (a bound
      // parameter is not), and PostgreSQL infers the arbiter index more reliably from a constant.
      .onConflict((oc) => oc.columns(['type', 'subject']).where('status', '=', sql.lit('active')).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) return null
    await this.transitioned(Number(row.id), 'opened', now)
    return this.getAlert(Number(row.id))
  }

  async resolveAlerts(
    subject: { jobId?: number; serverId?: number },
    types: AlertType[],
    now: number,
  ): Promise<number> {
    if (types.length === 0) return 0
    const rows = await this.db
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: now })
      .where('subject', '=', subjectOf(subject))
      .where('status', '=', 'active')
      .where('type', 'in', types)
      .returning('id')
      .execute()
    for (const r of rows) await this.transitioned(Number(r.id), 'resolved', now)
    return rows.length
  }

  async activeAlertTypes(subject: { jobId?: number; serverId?: number }): Promise<AlertType[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .select('type')
      .where('subject', '=', subjectOf(subject))
      .where('status', '=', 'active')
      .execute()
    return rows.map((r) => r.type as AlertType)
  }

  async updateActiveAlert(
    subject: { jobId?: number; serverId?: number },
    type: AlertType,
    patch: { severity: Severity; summary: string; details: Record<string, unknown> },
    now: number,
  ): Promise<void> {
    const rows = await this.db
      .updateTable('alerts')
      .set({ severity: patch.severity, summary: patch.summary, details: JSON.stringify(patch.details) })
      .where('subject', '=', subjectOf(subject))
      .where('type', '=', type)
      .where('status', '=', 'active')
      .returning('id')
      .execute()
    // Only a rise in severity is news worth sending (a warning that became critical).
    if (patch.severity === 'critical') {
      for (const r of rows) await this.transitioned(Number(r.id), 'escalated', now)
    }
  }

  // ── policies ─────────────────────────────────────────────────────────────
  async listPolicies(): Promise<StoredPolicy[]> {
    const rows = await this.db.selectFrom('policies').selectAll().orderBy('environment').execute()
    return rows.map(policyFromRow)
  }

  async getPolicy(environment: string): Promise<StoredPolicy | null> {
    const row = await this.db
      .selectFrom('policies')
      .selectAll()
      .where('environment', '=', environment)
      .executeTakeFirst()
    return row ? policyFromRow(row) : null
  }

  async putPolicy(p: Omit<StoredPolicy, 'updatedAt'>, now: number): Promise<StoredPolicy> {
    const settings = JSON.stringify({ policy: p.policy, jobDefaults: p.jobDefaults })
    await this.db
      .insertInto('policies')
      .values({ environment: p.environment, settings, source: p.source, updated_at: now })
      .onConflict((oc) =>
        oc.column('environment').doUpdateSet({ settings, source: p.source, updated_at: now }),
      )
      .execute()
    return { ...p, updatedAt: now }
  }

  async deletePolicy(environment: string): Promise<boolean> {
    const res = await this.db.deleteFrom('policies').where('environment', '=', environment).executeTakeFirst()
    return Number(res.numDeletedRows) > 0
  }

  // ── channels (queries in notify/channel-store-queries.ts) ────────────────
  listChannels(): Promise<StoredChannel[]> {
    return channelQueries.listChannels(this.db)
  }

  getChannel(name: string): Promise<StoredChannel | null> {
    return channelQueries.getChannel(this.db, name)
  }

  createChannel(c: NewStoredChannel, now: number): Promise<StoredChannel | null> {
    return channelQueries.createChannel(this.db, c, now)
  }

  putChannel(c: NewStoredChannel, now: number): Promise<StoredChannel> {
    return channelQueries.putChannel(this.db, c, now)
  }

  deleteChannel(name: string): Promise<boolean> {
    return channelQueries.deleteChannel(this.db, name)
  }

  syncConfigChannels(channels: Omit<NewStoredChannel, 'source'>[], now: number) {
    return this.transaction((tx) => channelQueries.syncConfigChannels((tx as KyselyStore).db, channels, now))
  }

  // ── run statistics ───────────────────────────────────────────────────────
  async addRunStats(counts: { hour: number; status: string; n: number }[]): Promise<void> {
    for (const c of counts) {
      await this.db
        .insertInto('run_stats')
        .values(c)
        .onConflict((oc) =>
          oc.columns(['hour', 'status']).doUpdateSet((eb) => ({ n: eb('run_stats.n', '+', c.n) })),
        )
        .execute()
    }
  }

  async runStatsSince(hour: number): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('run_stats')
      .select(['status', (eb) => eb.fn.sum<number | string>('n').as('n')])
      .where('hour', '>=', hour)
      .groupBy('status')
      .execute()
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
  }

  async activeAlertsOf(subject: { jobId?: number; serverId?: number }) {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['type', 'severity'])
      .where('subject', '=', subjectOf(subject))
      .where('status', '=', 'active')
      .execute()
    return rows.map((r) => ({ type: r.type as AlertType, severity: r.severity as Severity }))
  }

  async serverJobCounts(serverId: number): Promise<{ total: number; active: number }> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('total'),
        eb.fn
          .sum<number | string | null>(eb.case().when('paused', '=', 0).then(1).else(0).end())
          .as('active'),
      ])
      .where('server_id', '=', serverId)
      .executeTakeFirst()
    return { total: Number(row?.total ?? 0), active: Number(row?.active ?? 0) }
  }

  async getAlert(id: number): Promise<AlertRecord | null> {
    const row = await this.alertQuery().where('alerts.id', '=', id).executeTakeFirst()
    return row ? alertFromRow(row) : null
  }

  async listAlerts(filter: AlertFilter, page: PageRequest): Promise<Page<AlertRecord>> {
    let q = this.alertQuery()
      .orderBy('alerts.opened_at', 'desc')
      .orderBy('alerts.id', 'desc')
      .limit(fetchLimit(page))
    if (filter.status !== undefined) q = q.where('alerts.status', '=', filter.status)
    if (filter.severity !== undefined) q = q.where('alerts.severity', '=', filter.severity)
    if (filter.type !== undefined) q = q.where('alerts.type', '=', filter.type)
    if (filter.job !== undefined) q = q.where('alerts.job_id', '=', filter.job)
    if (filter.server !== undefined) q = q.where('servers.id', '=', filter.server)
    if (page.cursor) {
      const c = decodeCursor(page.cursor)
      q = q.where((eb) =>
        eb.or([
          eb('alerts.opened_at', '<', c.sortKey),
          eb.and([eb('alerts.opened_at', '=', c.sortKey), eb('alerts.id', '<', c.id)]),
        ]),
      )
    }
    const rows = (await q.execute()).map(alertFromRow)
    return pageOf(rows, page.limit, (a) => ({ sortKey: a.openedAt, id: a.id }))
  }

  // ── fleet report ─────────────────────────────────────────────────────────
  // 'active' is written as a literal: SQLite uses a partial index (… where status = 'active')
  // only when the query repeats its predicate as the same expression, not as a bound parameter.
  async jobStatusCounts(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('status')
      .execute()
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
  }

  async serverHealthCounts(now: number): Promise<ServerHealthCounts> {
    // online/offline as serverStatus(): marked offline, or the heartbeat timeout has passed.
    // Servers with jobs and servers with a job that is not up to date are counted from indexes
    // (jobs_server_id, jobs_status, jobs_never_succeeded, alerts_one_active): the not-up-to-date
    // jobs are few, and no query reads every job row.
    const beats = sql`heartbeat_timeout is not null and last_heartbeat_at is not null`
    const live = (t: string) => sql.raw(`${t}.paused = 0 and ${t}.status <> 'paused'`)
    const { rows } = await sql<Record<'total' | 'online' | 'offline' | 'with_jobs' | 'behind', unknown>>`
      select
        count(*) as "total",
        sum(case when offline_since is null and ${beats}
          and last_heartbeat_at + heartbeat_timeout >= ${now} then 1 else 0 end) as "online",
        sum(case when offline_since is not null or (${beats}
          and last_heartbeat_at + heartbeat_timeout < ${now}) then 1 else 0 end) as "offline",
        (select count(distinct server_id) from jobs where server_id is not null) as "with_jobs",
        (select count(distinct server_id) from (
          select server_id from jobs where status = 'down' and ${live('jobs')}
          union all
          select server_id from jobs where last_success_at is null and ${live('jobs')}
          union all
          select j.server_id from alerts a join jobs j on j.id = a.job_id
          where a.status = 'active' and a.type in ('job.stale', 'job.failed') and ${live('j')}
        ) behind where server_id is not null) as "behind"
      from servers`.execute(this.db)
    const r = rows[0]!
    const n = (v: unknown) => Number(v ?? 0)
    return {
      total: n(r.total),
      online: n(r.online),
      offline: n(r.offline),
      withoutJobs: n(r.total) - n(r.with_jobs),
      upToDate: n(r.with_jobs) - n(r.behind),
    }
  }

  async activeAlertCounts(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['severity', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('status', '=', sql.lit('active'))
      .groupBy('severity')
      .execute()
    return Object.fromEntries(rows.map((r) => [r.severity, Number(r.n)]))
  }

  async activeProblems(limit: number): Promise<AlertRecord[]> {
    // One indexed query per severity (alerts_active_severity) instead of sorting every active alert.
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`)
    }
    const out: AlertRecord[] = []
    for (const severity of SEVERITIES) {
      if (out.length >= limit) break
      const rows = await this.alertQuery()
        .where('alerts.status', '=', sql.lit('active'))
        .where('alerts.severity', '=', severity)
        .orderBy('alerts.opened_at')
        .orderBy('alerts.id')
        .limit(limit - out.length)
        .execute()
      out.push(...rows.map(alertFromRow))
    }
    return out
  }

  // ── metrics ──────────────────────────────────────────────────────────────
  async metricsJobsPage(afterId: number, limit: number): Promise<MetricsJobRow[]> {
    // Selected straight into the row's shape: no second object per job (a scrape reads them all).
    // Every numeric column is an integer type, which both drivers hand out as a JS number.
    return await this.db
      .selectFrom('jobs')
      .leftJoin('servers', 'servers.id', 'jobs.server_id')
      .leftJoin('runs', 'runs.id', 'jobs.last_run_id')
      .select([
        'jobs.id as id',
        'jobs.slug as slug',
        'servers.name as serverName',
        'jobs.environment as environment',
        'jobs.tool as tool',
        'jobs.status as status',
        'jobs.last_success_at as lastSuccessAt',
        'runs.finished_at as lastRunFinishedAt',
        'runs.duration_ms as lastRunDurationMs',
        'runs.size_bytes as lastRunSizeBytes',
        'runs.added_bytes as lastRunAddedBytes',
        'jobs.runs_succeeded as runsSucceeded',
        'jobs.runs_warning as runsWarning',
        'jobs.runs_failed as runsFailed',
      ])
      .where('jobs.id', '>', afterId)
      .orderBy('jobs.id')
      .limit(limit)
      .execute()
  }

  async metricsAlertCounts(): Promise<MetricsAlertCount[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['severity', 'type', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('status', '=', sql.lit('active'))
      .groupBy(['severity', 'type'])
      .execute()
    return rows.map((r) => ({ severity: r.severity, type: r.type, n: Number(r.n) }))
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

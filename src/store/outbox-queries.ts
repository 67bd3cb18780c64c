// The outbox's SQL, one set of queries for SQLite and PostgreSQL. kysely/outbox.ts makes
// them the store's methods.
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely'
import type {
  ChannelState,
  DeliveryRecord,
  DeliveryStatus,
  NewDelivery,
  Transition,
} from '../domain/delivery-records.js'
import { instanceDead } from './instances-queries.js'
import type { DialectKind } from './migrations.js'
import type { Database, DeliveriesTable } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

/** Rows per multi-row insert (15 columns each: far below SQLite's parameter limit). */
const INSERT_CHUNK = 500

export function deliveryFromRow(r: Selectable<DeliveriesTable>): DeliveryRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    alertId: r.alert_id === null ? null : Number(r.alert_id),
    channel: r.channel,
    transition: r.transition as Transition,
    idempotencyKey: r.idempotency_key,
    payload: r.payload,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    claimedUntil: r.claimed_until === null ? null : Number(r.claimed_until),
    claimedBy: r.claimed_by,
    lastError: r.last_error,
    detail: r.detail,
    createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  }
}

export async function enqueueDeliveries(db: Db, rows: NewDelivery[], now: number): Promise<number> {
  let inserted = 0
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const values = rows.slice(i, i + INSERT_CHUNK).map((r) => ({
      project_id: r.projectId,
      alert_id: r.alertId,
      channel: r.channel,
      transition: r.transition,
      idempotency_key: r.idempotencyKey,
      payload: r.payload,
      status: r.status ?? 'pending',
      attempts: 0,
      next_attempt_at: r.nextAttemptAt ?? now,
      claimed_until: null,
      claimed_by: null,
      last_error: r.reason ?? null,
      detail: null,
      created_at: now,
      sent_at: null,
    }))
    const res = await db
      .insertInto('deliveries')
      .values(values)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst()
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0)
  }
  return inserted
}

/**
 * Per alert and channel, in order: a resolution never overtakes an opening still in backoff (a
 * receiver would reopen what it just closed). Future reminders hold nothing back.
 */
function notBehindOlder(eb: ExpressionBuilder<Database, 'deliveries'>) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('deliveries as older')
        .select('older.id')
        .whereRef('older.alert_id', '=', 'deliveries.alert_id')
        .whereRef('older.channel', '=', 'deliveries.channel')
        .whereRef('older.id', '<', 'deliveries.id')
        .where('older.status', 'in', ['pending', 'sending'])
        .where('older.transition', '!=', 'repeat'),
    ),
  )
}

/**
 * Due and pending, or being sent by a claimer whose lease has run out or (PostgreSQL) whose
 * instance is gone: a crashed process's rows are sent by another without waiting for the lease.
 */
function claimable(now: number, kind: DialectKind) {
  return (eb: ExpressionBuilder<Database, 'deliveries'>) =>
    eb.or([
      eb.and([eb('status', '=', sql.lit('pending')), eb('next_attempt_at', '<=', now)]),
      eb.and([eb('status', '=', sql.lit('sending')), eb('claimed_until', '<=', now)]),
      ...(kind === 'postgres'
        ? [
            eb.and([
              eb('status', '=', sql.lit('sending')),
              eb('claimed_by', 'in', eb.selectFrom('instances').select('instances.id').where(instanceDead)),
            ]),
          ]
        : []),
    ])
}

/**
 * One UPDATE … WHERE id IN (candidates) AND (still claimable) RETURNING: SQLite runs it under its
 * single writer lock; PostgreSQL skips rows another claimer has locked and re-checks the condition
 * on rows it waited for. Either way a row goes to at most one claimer per lease.
 */
export async function claimDeliveries(
  db: Db,
  kind: DialectKind,
  now: number,
  owner: string,
  leaseMs: number,
  limit: number,
): Promise<DeliveryRecord[]> {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`)
  const candidates = db
    .selectFrom('deliveries')
    .select('id')
    .where(claimable(now, kind))
    .where(notBehindOlder)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .$if(kind === 'postgres', (q) => q.forUpdate().skipLocked())
  const rows = await db
    .updateTable('deliveries')
    .set({ status: 'sending', claimed_by: owner, claimed_until: now + leaseMs })
    // PostgreSQL may run an `IN (subquery)` once per outer row, each run skipping the rows the
    // last one locked: more than `limit` claimed. ARRAY(subquery) is evaluated once.
    .$if(kind === 'postgres', (q) => q.where(sql<boolean>`id = any(array(${candidates}))`))
    .$if(kind !== 'postgres', (q) => q.where('id', 'in', candidates))
    .where(claimable(now, kind))
    .returningAll()
    .execute()
  return rows.map(deliveryFromRow).sort((a, b) => a.id - b.id)
}

/** Updates a delivery only while `owner` holds its claim (compare-and-set); true when it did. */
async function updateClaimed(
  db: Db,
  id: number,
  owner: string,
  set: Partial<Record<keyof DeliveriesTable, unknown>>,
  countAttempt: boolean,
): Promise<boolean> {
  const res = await db
    .updateTable('deliveries')
    .set({
      ...(set as object),
      claimed_by: null,
      claimed_until: null,
      ...(countAttempt ? { attempts: sql<number>`attempts + 1` } : {}),
    })
    .where('id', '=', id)
    .where('claimed_by', '=', owner)
    .where('status', '=', sql.lit('sending'))
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export function markDelivered(db: Db, id: number, owner: string, now: number, detail: string) {
  return updateClaimed(db, id, owner, { status: 'sent', sent_at: now, detail, last_error: null }, true)
}

export function rescheduleDelivery(db: Db, id: number, owner: string, nextAt: number, error: string) {
  return updateClaimed(db, id, owner, { status: 'pending', next_attempt_at: nextAt, last_error: error }, true)
}

export function failDelivery(db: Db, id: number, owner: string, error: string, now: number) {
  return updateClaimed(db, id, owner, { status: 'failed', next_attempt_at: now, last_error: error }, true)
}

/** Not sent on purpose (a repeat of an alert that resolved meanwhile): recorded as suppressed. */
export function skipDelivery(db: Db, id: number, owner: string, reason: string, now: number) {
  return updateClaimed(
    db,
    id,
    owner,
    { status: 'suppressed', next_attempt_at: now, last_error: reason },
    false,
  )
}

export function releaseDelivery(db: Db, id: number, owner: string, nextAt: number) {
  return updateClaimed(db, id, owner, { status: 'pending', next_attempt_at: nextAt }, false)
}

/** Gives back several claimed rows, pending at `nextAt`, in one statement; returns how many. */
export async function releaseDeliveries(
  db: Db,
  ids: number[],
  owner: string,
  nextAt: number,
): Promise<number> {
  let released = 0
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const res = await db
      .updateTable('deliveries')
      .set({ status: 'pending', next_attempt_at: nextAt, claimed_by: null, claimed_until: null })
      .where('id', 'in', ids.slice(i, i + INSERT_CHUNK))
      .where('claimed_by', '=', owner)
      .where('status', '=', sql.lit('sending'))
      .executeTakeFirst()
    released += Number(res.numUpdatedRows)
  }
  return released
}

export async function recordChannelResult(
  db: Db,
  scope: Scope,
  channel: string,
  ok: boolean,
  error: string | null,
  now: number,
): Promise<void> {
  const set = ok
    ? { last_success_at: now, failing: 0 }
    : { last_error: error ?? 'unknown error', last_error_at: now, failing: 1 }
  await db
    .insertInto('channel_states')
    .values({ project_id: projectOf(scope, "a channel's result"), channel, ...set })
    .onConflict((oc) => oc.columns(['project_id', 'channel']).doUpdateSet(set))
    .execute()
}

export async function channelStates(db: Db, scope: Scope): Promise<ChannelState[]> {
  const rows = await db
    .selectFrom('channel_states')
    .selectAll()
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .orderBy('project_id')
    .orderBy('channel')
    .execute()
  return rows.map((r) => ({
    projectId: Number(r.project_id),
    channel: r.channel,
    lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
    lastError: r.last_error,
    lastErrorAt: r.last_error_at === null ? null : Number(r.last_error_at),
    failing: Number(r.failing) === 1,
  }))
}

export async function pendingCounts(db: Db, scope: Scope): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['channel', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', 'in', [sql.lit('pending'), sql.lit('sending')])
    .where('project_id', '=', projectOf(scope, 'pending counts'))
    .groupBy('channel')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]))
}

export async function deliveriesForAlert(db: Db, alertId: number): Promise<DeliveryRecord[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('alert_id', '=', alertId)
    .orderBy('id')
    .execute()
  return rows.map(deliveryFromRow)
}

/** The next instant a delivery becomes claimable: a pending row's attempt or a lease's end. */
export async function earliestDeliveryAt(db: Db): Promise<number | null> {
  const pending = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('status', '=', sql.lit('pending'))
    // a row waiting behind an older one is due when that one is, not before (no busy loop)
    .where(notBehindOlder)
    .executeTakeFirst()
  const leased = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.min('claimed_until').as('at'))
    .where('status', '=', sql.lit('sending'))
    .executeTakeFirst()
  const all = [pending?.at, leased?.at].filter((v) => v !== null && v !== undefined).map(Number)
  return all.length ? Math.min(...all) : null
}

// The silences' SQL and the outbox queries silences need, one set for SQLite and PostgreSQL.
// The store's methods call these (kysely/<role>.ts).
import { type Kysely, type Selectable, sql } from 'kysely'
import type { DeliveryRecord, DeliveryStatus } from '../domain/delivery-records.js'
import type { NewSilence, SilenceRecord, SilenceSource, SilenceState } from '../domain/silence.js'
import { decodeCursor, pageOf } from './cursor.js'
import { deliveryFromRow } from './outbox-queries.js'
import type { Page, PageRequest } from './page.js'
import type { SilencePatch } from './roles/silence-store.js'
import type { Database, SilencesTable } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

function silenceFromRow(r: Selectable<SilencesTable>): SilenceRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    name: r.name,
    match: JSON.parse(r.matchers),
    startsAt: Number(r.starts_at),
    endsAt: Number(r.ends_at),
    author: r.author,
    comment: r.comment,
    source: r.source as SilenceSource,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    releasedAt: r.released_at === null ? null : Number(r.released_at),
  }
}

function columns(s: SilencePatch) {
  return {
    ...(s.name !== undefined && { name: s.name }),
    ...(s.match !== undefined && { matchers: JSON.stringify(s.match) }),
    ...(s.startsAt !== undefined && { starts_at: s.startsAt }),
    ...(s.endsAt !== undefined && { ends_at: s.endsAt }),
    ...(s.author !== undefined && { author: s.author }),
    ...(s.comment !== undefined && { comment: s.comment }),
  }
}

export async function createSilence(
  db: Db,
  scope: Scope,
  s: NewSilence,
  now: number,
): Promise<SilenceRecord> {
  const row = await db
    .insertInto('silences')
    .values({
      project_id: projectOf(scope, 'a silence'),
      name: s.name,
      matchers: JSON.stringify(s.match),
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      author: s.author,
      comment: s.comment,
      source: s.source,
      created_at: now,
      updated_at: now,
      released_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return silenceFromRow(row)
}

/** A changed end is handled again when it comes (released_at cleared). */
export async function updateSilence(
  db: Db,
  scope: Scope,
  id: number,
  patch: SilencePatch,
  now: number,
  source?: SilenceSource,
): Promise<SilenceRecord | null> {
  const row = await db
    .updateTable('silences')
    .set({
      ...columns(patch),
      ...(source !== undefined && { source }),
      ...((patch.endsAt !== undefined || patch.startsAt !== undefined || patch.match !== undefined) && {
        released_at: null,
      }),
      updated_at: now,
    })
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .returningAll()
    .executeTakeFirst()
  return row ? silenceFromRow(row) : null
}

export async function getSilence(
  db: Db,
  scope: Scope,
  ref: { id: number } | { name: string },
): Promise<SilenceRecord | null> {
  const row = await db
    .selectFrom('silences')
    .selectAll()
    .$if('id' in ref, (q) => q.where('id', '=', (ref as { id: number }).id))
    .$if('name' in ref, (q) =>
      q
        .where('name', '=', (ref as { name: string }).name)
        .where('project_id', '=', projectOf(scope, 'a silence name')),
    )
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirst()
  return row ? silenceFromRow(row) : null
}

/** Newest first (by id); `state` filters against `now`. */
export async function listSilences(
  db: Db,
  scope: Scope,
  filter: { state?: SilenceState; now: number },
  page: PageRequest,
): Promise<Page<SilenceRecord>> {
  const { state, now } = filter
  const after = page.cursor === null ? null : decodeCursor(page.cursor).id
  const rows = await db
    .selectFrom('silences')
    .selectAll()
    .$if(state === 'expired', (q) => q.where('ends_at', '<=', now))
    .$if(state === 'active', (q) => q.where('starts_at', '<=', now).where('ends_at', '>', now))
    .$if(state === 'pending', (q) => q.where('starts_at', '>', now).where('ends_at', '>', now))
    .$if(after !== null, (q) => q.where('id', '<', after!))
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows.map(silenceFromRow), page.limit, (s) => ({ sortKey: s.id, id: s.id }))
}

/** In force at `now`: the project's, or every project's on an unbound store (the dispatcher). */
export async function activeSilences(db: Db, scope: Scope, now: number): Promise<SilenceRecord[]> {
  const rows = await db
    .selectFrom('silences')
    .selectAll()
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .execute()
  return rows.map(silenceFromRow)
}

export async function configSilences(db: Db, scope: Scope): Promise<SilenceRecord[]> {
  const rows = await db
    .selectFrom('silences')
    .selectAll()
    .where('source', '=', sql.lit('config'))
    .where('project_id', '=', projectOf(scope, 'config silences'))
    .execute()
  return rows.map(silenceFromRow)
}

/** When the next silence end is due to be handled (in the past: now). */
export async function nextSilenceEnd(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('silences')
    .select((eb) => eb.fn.min('ends_at').as('at'))
    .where('released_at', 'is', null)
    .executeTakeFirst()
  return row?.at === null || row?.at === undefined ? null : Number(row.at)
}

/** Marks the silences that ended by `now` as handled; returns how many (compare-and-set). */
export async function markSilencesReleased(db: Db, now: number): Promise<number> {
  const res = await db
    .updateTable('silences')
    .set({ released_at: now })
    .where('released_at', 'is', null)
    .where('ends_at', '<=', now)
    .executeTakeFirst()
  return Number(res.numUpdatedRows)
}

/** Openings recorded but not sent (silenced) of alerts still active. */
export async function suppressedOpenings(db: Db): Promise<DeliveryRecord[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll('deliveries')
    .where('deliveries.transition', '=', sql.lit('opened'))
    .where('deliveries.status', '=', sql.lit('suppressed'))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('alerts')
          .select('alerts.id')
          .whereRef('alerts.id', '=', 'deliveries.alert_id')
          .where('alerts.status', '=', sql.lit('active')),
      ),
    )
    .orderBy('deliveries.id')
    .execute()
  return rows.map(deliveryFromRow)
}

/** A suppressed row becomes due now with a fresh payload; false when it was no longer suppressed. */
export async function releaseSuppressed(db: Db, id: number, payload: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('deliveries')
    .set({ status: 'pending', payload, next_attempt_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', sql.lit('suppressed'))
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/**
 * The status of an alert's opening on a channel: its `opened` row, or its `escalated` one when the
 * channel first heard of the alert then (a higher severity); any such row not suppressed wins.
 * Null: the channel was never told the alert opened.
 */
export async function openingStatus(
  db: Db,
  alertId: number,
  channel: string,
): Promise<DeliveryStatus | null> {
  const rows = await db
    .selectFrom('deliveries')
    .select('status')
    .where('alert_id', '=', alertId)
    .where('channel', '=', channel)
    .where('transition', 'in', [sql.lit('opened'), sql.lit('escalated')])
    .orderBy('id')
    .execute()
  const statuses = rows.map((r) => r.status as DeliveryStatus)
  return statuses.find((s) => s !== 'suppressed') ?? statuses[0] ?? null
}

export async function deleteSilence(db: Db, scope: Scope, id: number): Promise<boolean> {
  const res = await db
    .deleteFrom('silences')
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}

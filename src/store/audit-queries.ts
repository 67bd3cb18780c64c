// The audit log's SQL, one set for SQLite and PostgreSQL (kysely/audit.ts makes them methods).
import type { Kysely, Selectable } from 'kysely'
import type { ActorKind, AuditEventRecord, NewAuditEvent } from '../domain/audit.js'
import { decodeCursor, fetchLimit, pageOf } from './cursor.js'
import type { Page, PageRequest } from './page.js'
import type { AuditFilter } from './roles/audit-store.js'
import type { AuditEventsTable, Database } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

function eventFromRow(r: Selectable<AuditEventsTable>): AuditEventRecord {
  let details: Record<string, unknown> = {}
  try {
    details = JSON.parse(r.details) as Record<string, unknown>
  } catch {
    // a row is never rejected for its details
  }
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    at: Number(r.at),
    actor: {
      kind: r.actor_kind as ActorKind,
      id: r.actor_id === null ? null : Number(r.actor_id),
      name: r.actor_name,
    },
    action: r.action,
    target: { kind: r.target_kind, id: r.target_id, name: r.target_name },
    details,
    ip: r.ip,
  }
}

export async function recordAudit(db: Db, scope: Scope, e: NewAuditEvent, now: number): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      project_id: projectOf(scope, 'an audit event'),
      at: now,
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      actor_name: e.actor.name,
      action: e.action,
      target_kind: e.target.kind,
      target_id: e.target.id,
      target_name: e.target.name,
      details: JSON.stringify(e.details ?? {}),
      ip: e.ip,
    })
    .execute()
}

export async function listAudit(
  db: Db,
  scope: Scope,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEventRecord>> {
  const { action, targetKind, targetRef, actor, since } = filter
  let q = db
    .selectFrom('audit_events')
    .selectAll()
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(fetchLimit(page))
  if (action !== undefined) {
    q = action.endsWith('.*')
      ? // families are [a-z_]+ (AUDIT_ACTION_FILTER): `_` is a LIKE wildcard, so compare the prefix
        q.where((eb) =>
          eb(eb.fn('substr', ['action', eb.val(1), eb.val(action.length - 1)]), '=', action.slice(0, -1)),
        )
      : q.where('action', '=', action)
  }
  if (targetKind !== undefined) q = q.where('target_kind', '=', targetKind)
  if (targetRef !== undefined)
    q = q.where((eb) => eb.or([eb('target_id', '=', targetRef), eb('target_name', '=', targetRef)]))
  if (actor !== undefined)
    q = q.where((eb) => eb.or([eb('actor_name', '=', actor), eb('actor_kind', '=', actor)]))
  if (since !== undefined) q = q.where('at', '>=', since)
  if (page.cursor) {
    const c = decodeCursor(page.cursor)
    q = q.where((eb) =>
      eb.or([eb('at', '<', c.sortKey), eb.and([eb('at', '=', c.sortKey), eb('id', '<', c.id)])]),
    )
  }
  const rows = (await q.execute()).map(eventFromRow)
  return pageOf(rows, page.limit, (e) => ({ sortKey: e.at, id: e.id }))
}

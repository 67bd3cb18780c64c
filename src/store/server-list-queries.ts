// Listing servers worst first for the dashboard: offline, then those with a job down, then those
// without any job (coverage gaps), then the rest; each rank by id, in keyset pages (one query per
// rank, as listJobs does), with how many of each server's jobs are down. `offline` is judged as
// domain/server-status.ts judges it: marked offline, or its heartbeat overdue at `now`.
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import { decodeCursor, fetchLimit, pageOf } from './cursor.js'
import { serverFromRow } from './mappers.js'
import type { Page, PageRequest } from './page.js'
import type { ServerHealth, ServerHealthFilter } from './roles/server-store.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>
type Eb = ExpressionBuilder<Database, 'servers'>

const RANKS = 4

function offline(eb: Eb, now: number) {
  return eb.or([
    eb('servers.offline_since', 'is not', null),
    eb.and([
      eb('servers.heartbeat_timeout', 'is not', null),
      eb('servers.last_heartbeat_at', 'is not', null),
      eb(sql<number>`servers.last_heartbeat_at + servers.heartbeat_timeout`, '<', now),
    ]),
  ])
}

const jobsOf = (eb: Eb) =>
  eb.selectFrom('jobs').select('jobs.id').whereRef('jobs.server_id', '=', 'servers.id')

function inRank(eb: Eb, rank: number, now: number) {
  const down = eb.exists(jobsOf(eb).where('jobs.status', '=', 'down'))
  const anyJob = eb.exists(jobsOf(eb))
  if (rank === 0) return offline(eb, now)
  const online = eb.not(offline(eb, now))
  if (rank === 1) return eb.and([online, down])
  if (rank === 2) return eb.and([online, eb.not(anyJob)])
  return eb.and([online, anyJob, eb.not(down)])
}

export async function listServerHealth(
  db: Db,
  scope: Scope,
  filter: ServerHealthFilter,
  page: PageRequest,
): Promise<Page<ServerHealth>> {
  const want = fetchLimit(page)
  const after = page.cursor ? decodeCursor(page.cursor) : null
  const base = db
    .selectFrom('servers')
    .selectAll('servers')
    .select((eb) => [
      eb
        .selectFrom('jobs')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('jobs.server_id', '=', 'servers.id')
        .as('jobs_count'),
      eb
        .selectFrom('jobs')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('jobs.server_id', '=', 'servers.id')
        .where('jobs.status', '=', 'down')
        .as('jobs_down'),
    ])
    .$if(scope !== null, (q) => q.where('servers.project_id', '=', scope as number))
    .$if(filter.search !== undefined, (q) =>
      q.where(
        sql<boolean>`lower(servers.name) like ${`%${filter.search!.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`,
      ),
    )
    .orderBy('servers.id')
  const out: { row: ServerHealth; rank: number }[] = []
  for (let rank = Math.max(0, after?.sortKey ?? 0); rank < RANKS && out.length < want; rank++) {
    let q = base.where((eb) => inRank(eb, rank, filter.now))
    if (after && rank === after.sortKey) q = q.where('servers.id', '>', after.id)
    const rows = await q.limit(want - out.length).execute()
    for (const r of rows)
      out.push({ row: { server: serverFromRow(r), jobsDown: Number(r.jobs_down ?? 0) }, rank })
  }
  const ranks = new Map(out.map((o) => [o.row.server.id, o.rank]))
  return pageOf(
    out.map((o) => o.row),
    page.limit,
    (h) => ({ sortKey: ranks.get(h.server.id)!, id: h.server.id }),
  )
}

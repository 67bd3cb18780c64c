// Listing jobs: filtered (server, status, environment, tag, search, ids), by id or worst first,
// in keyset pages; and the values those filters can take.
import { type Kysely, sql } from 'kysely'
import type { JobRecord } from '../domain/records.js'
import { MAX_IN } from './chunks.js'
import { decodeCursor, fetchLimit, pageOf } from './cursor.js'
import { jobQuery } from './jobs-queries.js'
import { jobFromRow } from './mappers.js'
import type { Page, PageRequest } from './page.js'
import type { JobFacets, JobFilter } from './roles/job-store.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>

// Worst first: what needs attention leads a list. One query per rank, each by id (an indexed
// order), instead of sorting every job by a computed rank.
const RANKED = ['down', 'grace', 'up', 'new'] as const
const LAST_RANK = RANKED.length // paused (and any other status)

function statusRank(status: string): number {
  const i = (RANKED as readonly string[]).indexOf(status)
  return i < 0 ? LAST_RANK : i
}

/** `text` as a LIKE pattern matching itself (with `escape '\\'`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

type JobQuery = ReturnType<typeof jobQuery>

function filtered(q: JobQuery, filter: JobFilter): JobQuery {
  if (filter.server !== undefined) q = q.where('jobs.server_id', '=', filter.server)
  if (filter.status !== undefined) q = q.where('jobs.status', '=', filter.status)
  if (filter.environment !== undefined) q = q.where('jobs.environment', '=', filter.environment)
  if (filter.tag !== undefined) {
    // tags are stored as a JSON array: the tag, JSON-quoted, is a part of it
    q = q.where(sql<boolean>`jobs.tags like ${`%${likeLiteral(JSON.stringify(filter.tag))}%`} escape '\\'`)
  }
  if (filter.search !== undefined) {
    const pattern = `%${likeLiteral(filter.search.toLowerCase())}%`
    q = q.where((eb) =>
      eb.or(
        (['jobs.slug', 'jobs.name', 'servers.name'] as const).map(
          (c) => sql<boolean>`lower(${eb.ref(c)}) like ${pattern} escape '\\'`,
        ),
      ),
    )
  }
  if (filter.ids !== undefined) {
    if (filter.ids.length > MAX_IN) throw new RangeError(`at most ${MAX_IN} ids`)
    q = q.where('jobs.id', 'in', filter.ids.length > 0 ? filter.ids : [0])
  }
  return q
}

export async function listJobs(
  db: Db,
  scope: Scope,
  filter: JobFilter,
  page: PageRequest,
): Promise<Page<JobRecord>> {
  const want = fetchLimit(page)
  const after = page.cursor ? decodeCursor(page.cursor) : null
  const base = filtered(jobQuery(db, scope), filter).orderBy('jobs.id')
  if (filter.worstFirst !== true) {
    const q = after ? base.where('jobs.id', '>', after.id) : base
    const rows = (await q.limit(want).execute()).map(jobFromRow)
    return pageOf(rows, page.limit, (j) => ({ sortKey: 0, id: j.id }))
  }
  const rows: JobRecord[] = []
  for (let rank = Math.max(0, after?.sortKey ?? 0); rank <= LAST_RANK && rows.length < want; rank++) {
    let q =
      rank < LAST_RANK
        ? base.where('jobs.status', '=', RANKED[rank]!)
        : base.where('jobs.status', 'not in', RANKED)
    if (after && rank === after.sortKey) q = q.where('jobs.id', '>', after.id)
    rows.push(...(await q.limit(want - rows.length).execute()).map(jobFromRow))
  }
  return pageOf(rows, page.limit, (j) => ({ sortKey: statusRank(j.status), id: j.id }))
}

export async function jobFacets(db: Db, scope: Scope, limit: number): Promise<JobFacets> {
  const envs = await db
    .selectFrom('jobs')
    .select('environment')
    .distinct()
    .where('environment', 'is not', null)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .orderBy('environment')
    .limit(limit)
    .execute()
  const tagLists = await db
    .selectFrom('jobs')
    .select('tags')
    .distinct()
    .where('tags', '<>', '[]')
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .limit(10 * limit)
    .execute()
  const tags = new Set<string>()
  for (const r of tagLists) for (const t of JSON.parse(r.tags) as string[]) tags.add(t)
  return {
    environments: envs.map((r) => r.environment!),
    tags: [...tags].sort().slice(0, limit),
  }
}

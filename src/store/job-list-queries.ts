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

// Worst first: what needs attention leads a list.
const STATUS_RANK = sql<number>`case jobs.status when 'down' then 0 when 'grace' then 1 when 'up' then 2 when 'new' then 3 else 4 end`

/** `text` as a LIKE pattern matching itself (with `escape '\\'`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export async function listJobs(
  db: Db,
  scope: Scope,
  filter: JobFilter,
  page: PageRequest,
): Promise<Page<JobRecord>> {
  const worst = filter.worstFirst === true
  let q = jobQuery(db, scope).limit(fetchLimit(page))
  q = worst ? q.orderBy(STATUS_RANK).orderBy('jobs.id') : q.orderBy('jobs.id')
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
  if (page.cursor) {
    const c = decodeCursor(page.cursor)
    q = worst
      ? q.where((eb) =>
          eb.or([
            eb(STATUS_RANK, '>', c.sortKey),
            eb.and([eb(STATUS_RANK, '=', c.sortKey), eb('jobs.id', '>', c.id)]),
          ]),
        )
      : q.where('jobs.id', '>', c.id)
  }
  const rows = (await q.execute()).map(jobFromRow)
  return pageOf(rows, page.limit, (j) => ({ sortKey: worst ? statusRank(j.status) : 0, id: j.id }))
}

const RANKS: Record<string, number> = { down: 0, grace: 1, up: 2, new: 3 }
const statusRank = (status: string) => RANKS[status] ?? 4

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

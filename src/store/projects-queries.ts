// The projects' SQL, one set for SQLite and PostgreSQL. The store's methods call these (kysely/projects.ts).
import type { Kysely, Selectable } from 'kysely'
import type { ProjectRecord } from '../domain/projects.js'
import type { NewProject, ProjectRef } from './roles/project-store.js'
import type { Database, ProjectsTable } from './schema.js'

type Db = Kysely<Database>

/** The tables whose rows belong to a project, children before parents (deleted in this order). */
const PROJECT_TABLES = [
  'audit_events',
  'deliveries',
  'channel_states',
  'alerts',
  'runs',
  'jobs',
  'servers',
  'silences',
  'channels',
  'policies',
  'tokens',
  'run_stats',
  'memberships',
] as const

function fromRow(r: Selectable<ProjectsTable>): ProjectRecord {
  return {
    id: Number(r.id),
    slug: r.slug,
    name: r.name,
    pingKey: r.ping_key,
    source: r.source as ProjectRecord['source'],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

export async function listProjects(db: Db): Promise<ProjectRecord[]> {
  return (await db.selectFrom('projects').selectAll().orderBy('id').execute()).map(fromRow)
}

export async function getProject(db: Db, ref: ProjectRef): Promise<ProjectRecord | null> {
  const q = db.selectFrom('projects').selectAll()
  const row = await ('id' in ref
    ? q.where('id', '=', ref.id)
    : 'slug' in ref
      ? q.where('slug', '=', ref.slug)
      : q.where('ping_key', '=', ref.pingKey)
  ).executeTakeFirst()
  return row ? fromRow(row) : null
}

export async function createProject(db: Db, p: NewProject, now: number): Promise<ProjectRecord> {
  const row = await db
    .insertInto('projects')
    .values({
      slug: p.slug,
      name: p.name,
      ping_key: p.pingKey,
      source: p.source,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return fromRow(row)
}

export async function updateProject(
  db: Db,
  id: number,
  patch: Partial<NewProject>,
  now: number,
): Promise<ProjectRecord | null> {
  const row = await db
    .updateTable('projects')
    .set({
      ...(patch.slug !== undefined && { slug: patch.slug }),
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.pingKey !== undefined && { ping_key: patch.pingKey }),
      ...(patch.source !== undefined && { source: patch.source }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  return row ? fromRow(row) : null
}

/** Run it in a transaction: every row of the project goes with it. */
export async function deleteProject(db: Db, id: number): Promise<boolean> {
  // ping events belong to jobs (their job_id cascades on PostgreSQL and SQLite alike)
  await db
    .deleteFrom('ping_events')
    .where('job_id', 'in', db.selectFrom('jobs').select('id').where('project_id', '=', id))
    .execute()
  for (const table of PROJECT_TABLES) await db.deleteFrom(table).where('project_id', '=', id).execute()
  const res = await db.deleteFrom('projects').where('id', '=', id).executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}

export async function projectCounts(
  db: Db,
  id: number,
): Promise<{ jobs: number; servers: number; tokens: number }> {
  const count = async (table: 'jobs' | 'servers' | 'tokens') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('project_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { jobs: await count('jobs'), servers: await count('servers'), tokens: await count('tokens') }
}

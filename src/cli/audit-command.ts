// `backwatch audit`: a project's audit log, newest first, read from the server's database (like
// `backwatch users`: whoever may read the database may read the log).
import { parseArgs } from 'node:util'
import { projectIdOf } from '../app/project-slugs.js'
import {
  AUDIT_ACTION_FILTER,
  type AuditEventRecord,
  presentAuditEvent,
  sinceInstant,
  targetFilter,
} from '../domain/audit.js'
import type { AuditFilter } from '../store/roles/audit-store.js'
import type { Store } from '../store/store.js'
import { CliError } from './api-client.js'
import { withConfiguredStore } from './configured-store.js'

export const AUDIT_HELP = `Usage: backwatch audit [--project SLUG] [--since 24h|ISO-TIME] [--action ACTION|FAMILY.*]
                       [--target KIND[:ID-OR-NAME]] [--actor NAME] [--limit N] [--json]

Who changed what in a project (default: default), newest first: the time, the actor (user, token,
the config file or the system) and the address it came from, the action and its target. --json
prints the events as the API shows them (one array). --limit: at most N events (default 100).
The database is the one \`backwatch serve\` would use: --config FILE / BACKWATCH_CONFIG,
--database URL / BACKWATCH_DATABASE_URL.
`

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      since: { type: 'string' },
      action: { type: 'string' },
      target: { type: 'string' },
      actor: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      database: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

type Values = ReturnType<typeof parse>['values']

/** The filter the flags ask for; a bad one is a usage error (exit 2). */
function filterOf(values: Values, now: number): AuditFilter {
  const filter: AuditFilter = {}
  if (values.action !== undefined) {
    if (!AUDIT_ACTION_FILTER.test(values.action))
      throw new CliError('--action must be an action like job.deleted, or a family like job.*', 2)
    filter.action = values.action
  }
  if (values.target !== undefined) {
    const target = targetFilter(values.target)
    if (target === null) throw new CliError('--target must be a kind like job, or job:db-nightly', 2)
    filter.targetKind = target.kind
    if (target.ref !== undefined) filter.targetRef = target.ref
  }
  if (values.actor !== undefined) filter.actor = values.actor
  if (values.since !== undefined) {
    const since = sinceInstant(values.since, now)
    if (since === null) throw new CliError('--since must be a duration like 24h or an ISO time', 2)
    filter.since = since
  }
  return filter
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return 100
  const n = /^\d{1,6}$/.test(text) ? Number(text) : 0
  if (n < 1) throw new CliError('--limit must be a positive integer', 2)
  return n
}

async function events(store: Store, filter: AuditFilter, limit: number): Promise<AuditEventRecord[]> {
  const out: AuditEventRecord[] = []
  let cursor: string | null = null
  do {
    const page = await store.listAudit(filter, { limit: Math.min(500, limit - out.length), cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null && out.length < limit)
  return out
}

/** `2026-12-05T09:41:00Z  user alice (10.0.0.5)  job.deleted  job db-nightly  {"runs":412}` */
function line(e: AuditEventRecord): string {
  const view = presentAuditEvent(e)
  const actor = `${e.actor.kind}${e.actor.name ? ` ${e.actor.name}` : ''}${e.ip ? ` (${e.ip})` : ''}`
  const target = `${e.target.kind} ${e.target.name ?? e.target.id ?? ''}`.trim()
  const details = Object.keys(e.details).length > 0 ? `  ${JSON.stringify(e.details)}` : ''
  return `${view.at}  ${actor}  ${e.action}  ${target}${details}\n`
}

export async function auditCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv)
  if (values.help) {
    process.stdout.write(AUDIT_HELP)
    return 0
  }
  const filter = filterOf(values, Date.now())
  const limit = limitOf(values.limit)
  return withConfiguredStore(values, async (store) => {
    const slug = values.project ?? 'default'
    const id = await projectIdOf(store, slug)
    if (id === null) throw new CliError(`project "${slug}" not found`)
    const found = await events(store.inProject(id), filter, limit)
    if (values.json) process.stdout.write(`${JSON.stringify(found.map(presentAuditEvent), null, 2)}\n`)
    else if (found.length === 0) process.stdout.write('no events\n')
    else for (const e of found) process.stdout.write(line(e))
    return 0
  })
}

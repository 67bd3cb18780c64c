// The audit log (issue 12 item 5): who changed what in a project, and when. An event names its
// actor (a user or token through the API, the config file at start, or Backwatch itself), the
// action (`job.created`, `silence.updated`, …), its target and a few details (never a secret).
import type { Principal } from './access.js'
import { DurationError, parseDuration } from './duration.js'
import { parseIsoInstant } from './iso-instant.js'
import { iso } from './job-alerts.js'

export const ACTOR_KINDS = ['user', 'token', 'config', 'system'] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

export interface AuditActor {
  kind: ActorKind
  /** the user's or token's id; null for the config file and the system */
  id: number | null
  /** the username, token name or config file path */
  name: string | null
}

export interface AuditTarget {
  /** job, server, silence, channel, policy, alert, token, project, user */
  kind: string
  /** its id, or its key where it has no id (a channel's name, a policy's environment) */
  id: string | null
  /** its slug or name when it has one */
  name: string | null
}

/** What happened, as the code that made the change describes it. */
export interface AuditChange {
  /** `<target kind>.<verb>`, e.g. job.created, job.paused, channel.tested */
  action: string
  target: AuditTarget
  details?: Record<string, unknown>
}

/** A change as the route asking for it knows it: the use case that makes it names the target. */
export type AuditNote = Omit<AuditChange, 'target'>

/** The fields a request set, for `details` (their names only: values may be secrets). */
export function fieldsOf(body: Record<string, unknown>): { fields: string[] } {
  return { fields: Object.keys(body).sort() }
}

export interface NewAuditEvent extends AuditChange {
  actor: AuditActor
  /** the address the request came from; null for the config file and the system */
  ip: string | null
}

export interface AuditEventRecord extends NewAuditEvent {
  id: number
  projectId: number
  at: number
  details: Record<string, unknown>
}

export function principalActor(principal: Principal): AuditActor {
  return { kind: principal.kind, id: principal.id, name: principal.name }
}

export function configActor(path: string | null): AuditActor {
  return { kind: 'config', id: null, name: path ?? 'config' }
}

/** Backwatch itself (a ping un-pausing a job, as in Healthchecks). */
export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, name: 'backwatch' }

export function target(kind: string, id: number | string | null, name: string | null = null): AuditTarget {
  return { kind, id: id === null ? null : String(id), name }
}

/** Action names: a family and a verb, lower case (`job.created`, `alert.resolved`). */
export const AUDIT_ACTION = /^[a-z_]+\.[a-z_]+$/
/** What `?action=` takes: an action, or a family with `.*` (`job.*`). */
export const AUDIT_ACTION_FILTER = /^[a-z_]+\.([a-z_]+|\*)$/

/** `since` as an instant: an ISO time, or a duration back from `now` (`24h`); null when neither. */
export function sinceInstant(text: string, now: number): number | null {
  const instant = parseIsoInstant(text)
  if (instant !== null) return instant
  try {
    return now - parseDuration(text)
  } catch (err) {
    if (err instanceof DurationError) return null
    throw err
  }
}

/** A target filter: a kind (`job`), or one target by id or name (`job:db-nightly`); null when malformed. */
export function targetFilter(text: string): { kind: string; ref?: string } | null {
  const [kind, ref] = text.split(/:(.*)/s)
  if (!/^[a-z_]+$/.test(kind!) || ref === '') return null
  return ref === undefined ? { kind: kind! } : { kind: kind!, ref }
}

/** An event as the API and `backwatch audit --json` show it. */
export function presentAuditEvent(e: AuditEventRecord) {
  return {
    id: e.id,
    at: iso(e.at),
    actor: e.actor,
    action: e.action,
    target: e.target,
    details: e.details,
    ip: e.ip,
  }
}

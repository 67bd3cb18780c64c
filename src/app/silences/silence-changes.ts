// Use cases: create, change and end a silence (the /api/v1/silences routes and the dashboard's
// Silences page). Input is the API's JSON map, parsed by the one schema (config/silence-spec.ts);
// each change is audited in its transaction, and once committed `changed` lets the alerts no
// silence holds back any more be sent at once. Ending a silence keeps its record, so past
// suppressions stay explained.
import { type SilenceSpec, silenceSpecSchema } from '../../config/silence-spec.js'
import { fieldsOf, target } from '../../domain/audit.js'
import type { SilenceRecord } from '../../domain/silence.js'
import { HttpError, notFound } from '../../http/http-error.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { Store } from '../../store/store.js'
import { invalidRequest, parseInput } from '../validate-input.js'

export interface SilenceChangeDeps {
  /** bound to the request's project */
  store: Store
  audit: AuditRecorder
  now: number
  /** committed: send what no silence holds back now */
  changed: () => Promise<void>
}

const silenceTarget = (s: SilenceRecord) => target('silence', s.id, s.name)

/** The silence `ref` names (digits: an id, else a name), or 404. */
export async function findSilence(store: Store, ref: string): Promise<SilenceRecord> {
  const found = /^\d{1,15}$/.test(ref)
    ? await store.getSilence({ id: Number(ref) })
    : await store.getSilence({ name: ref })
  if (!found) throw notFound('silence')
  return found
}

function checkWindow(startsAt: number, endsAt: number, now: number): void {
  if (endsAt <= now) throw invalidRequest([{ path: ['ends_at'], message: 'must be in the future' }])
  if (endsAt <= startsAt) throw invalidRequest([{ path: ['ends_at'], message: 'must be after starts_at' }])
}

async function takenName(store: Store, name: string | null | undefined, id?: number): Promise<void> {
  if (!name) return
  const other = await store.getSilence({ name })
  if (other && other.id !== id)
    throw new HttpError(409, 'conflict', `a silence named "${name}" exists (id ${other.id})`)
}

/**
 * `{match, starts_at?, ends_at | duration, author?, comment?, name?}`: `duration` counts from the
 * start (default now); the author defaults to `by` (the token's or user's name).
 */
export async function createSilence(
  deps: SilenceChangeDeps,
  body: Record<string, unknown>,
  by: string,
): Promise<SilenceRecord> {
  const { store, now } = deps
  const spec: SilenceSpec = parseInput(silenceSpecSchema, body, ['match'])
  const startsAt = spec.startsAt ?? now
  const endsAt = spec.endsAt ?? (spec.duration !== undefined ? startsAt + spec.duration : undefined)
  if (endsAt === undefined)
    throw invalidRequest([{ path: ['ends_at'], message: 'required (or duration, e.g. "2h")' }])
  checkWindow(startsAt, endsAt, now)
  await takenName(store, spec.name)
  const created = await store.transaction(async (tx) => {
    const silence = await tx.createSilence(
      {
        name: spec.name ?? null,
        match: spec.match!,
        startsAt,
        endsAt,
        author: spec.author ?? by,
        comment: spec.comment ?? null,
        source: 'api',
      },
      now,
    )
    await deps.audit(tx, {
      action: 'silence.created',
      target: silenceTarget(silence),
      details: fieldsOf(body),
    })
    return silence
  })
  await deps.changed()
  return created
}

/** Any of the keys createSilence takes; here `duration` counts from now ("two more hours"). */
export async function updateSilence(
  deps: SilenceChangeDeps,
  existing: SilenceRecord,
  body: Record<string, unknown>,
): Promise<SilenceRecord> {
  const { store, now } = deps
  const spec: SilenceSpec = parseInput(silenceSpecSchema, body)
  const startsAt = spec.startsAt ?? existing.startsAt
  const endsAt = spec.endsAt ?? (spec.duration !== undefined ? now + spec.duration : existing.endsAt)
  if (spec.startsAt !== undefined || spec.endsAt !== undefined || spec.duration !== undefined)
    checkWindow(startsAt, endsAt, now)
  await takenName(store, spec.name, existing.id)
  const patch = {
    ...(spec.name !== undefined && { name: spec.name }),
    ...(spec.match !== undefined && { match: spec.match }),
    ...(startsAt !== existing.startsAt && { startsAt }),
    ...(endsAt !== existing.endsAt && { endsAt }),
    ...(spec.author !== undefined && { author: spec.author }),
    ...(spec.comment !== undefined && { comment: spec.comment }),
  }
  const updated = await store.transaction(async (tx) => {
    const silence = await tx.updateSilence(existing.id, patch, now)
    if (!silence) throw notFound('silence')
    await deps.audit(tx, {
      action: 'silence.updated',
      target: silenceTarget(silence),
      details: fieldsOf(body),
    })
    return silence
  })
  await deps.changed()
  return updated
}

/** Ends the silence now (an expired one stays as it is); false when it had ended already. */
export async function endSilence(deps: SilenceChangeDeps, existing: SilenceRecord): Promise<boolean> {
  const { store, now } = deps
  if (existing.endsAt <= now) return false
  await store.transaction(async (tx) => {
    await tx.updateSilence(existing.id, { endsAt: now }, now)
    await deps.audit(tx, { action: 'silence.ended', target: silenceTarget(existing) })
  })
  await deps.changed()
  return true
}

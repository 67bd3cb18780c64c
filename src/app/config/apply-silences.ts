// The config file's silences, stored with source `config` and named: the file wins for them at
// every start (an API edit lasts until the next start). A config silence no longer in the file
// ends now (not deleted: the record explains past suppressions); its end sends what is active.
// Each change is audited (by default as the config file's).
import type { SilenceSpec } from '../../config/silence-spec.js'
import { silenceWindow } from '../../config/silence-spec.js'
import { target } from '../../domain/audit.js'
import type { SilenceRecord } from '../../domain/silence.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { CoreStore } from '../../store/store.js'
import { configRecorder } from '../audit-trail.js'

const silenceTarget = (s: SilenceRecord) => target('silence', s.id, s.name)

export async function applySilences(
  store: CoreStore,
  specs: SilenceSpec[],
  now: number,
  audit: AuditRecorder = configRecorder(null, now),
): Promise<void> {
  await store.transaction(async (tx) => {
    const named = new Set<string>()
    for (const spec of specs) {
      const name = spec.name!
      named.add(name)
      const existing = await tx.getSilence({ name })
      // without starts_at a file silence starts when first loaded, not again at every start
      const { startsAt, endsAt } = silenceWindow(
        existing && spec.startsAt === undefined ? { ...spec, startsAt: existing.startsAt } : spec,
        now,
      )
      const fields = {
        name,
        match: spec.match!,
        startsAt,
        endsAt: endsAt!,
        author: spec.author ?? null,
        comment: spec.comment ?? null,
      }
      if (!existing) {
        const created = await tx.createSilence({ ...fields, source: 'config' }, now)
        await audit(tx, { action: 'silence.created', target: silenceTarget(created) })
        continue
      }
      const same =
        existing.source === 'config' &&
        JSON.stringify([
          existing.match,
          existing.startsAt,
          existing.endsAt,
          existing.author,
          existing.comment,
        ]) === JSON.stringify([fields.match, fields.startsAt, fields.endsAt, fields.author, fields.comment])
      if (!same) {
        await tx.updateSilence(existing.id, fields, now, 'config')
        await audit(tx, { action: 'silence.updated', target: silenceTarget(existing) })
      }
    }
    for (const s of await tx.configSilences()) {
      if (s.name !== null && !named.has(s.name) && s.endsAt > now) {
        await tx.updateSilence(s.id, { endsAt: now }, now)
        await audit(tx, { action: 'silence.ended', target: silenceTarget(s) })
      }
    }
  })
}

// The config file's silences, stored with source `config` and named: the file wins for them at
// every start (an API edit lasts until the next start). A config silence no longer in the file
// ends now (not deleted: the record explains past suppressions); its end sends what is active.
import type { SilenceSpec } from '../../config/silence-spec.js'
import { silenceWindow } from '../../config/silence-spec.js'
import type { CoreStore } from '../../store/store.js'

export async function applySilences(store: CoreStore, specs: SilenceSpec[], now: number): Promise<void> {
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
        await tx.createSilence({ ...fields, source: 'config' }, now)
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
      if (!same) await tx.updateSilence(existing.id, fields, now, 'config')
    }
    for (const s of await tx.configSilences()) {
      if (s.name !== null && !named.has(s.name) && s.endsAt > now)
        await tx.updateSilence(s.id, { endsAt: now }, now)
    }
  })
}

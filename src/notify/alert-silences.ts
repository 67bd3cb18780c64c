// Which silence holds back each active alert now, for the Alert JSON (`silenced_by`). One query
// when no silence is in force (the usual case); else the alerts' jobs or servers are read once each
// for their environment and tags.

import { iso } from '../domain/job-alerts.js'
import type { AlertRecord } from '../domain/records.js'
import { type SilenceRecord, type SilenceSubject, silencing } from '../domain/silence.js'
import type { JobStore } from '../store/roles/job-store.js'
import type { ServerStore } from '../store/roles/server-store.js'
import type { SilenceStore } from '../store/roles/silence-store.js'

export interface SilencedBy {
  id: number
  name: string | null
  ends_at: string
  comment: string | null
}

export async function silencedAlerts(
  store: SilenceStore & JobStore & ServerStore,
  alerts: AlertRecord[],
  now: number,
): Promise<Map<number, SilencedBy>> {
  const out = new Map<number, SilencedBy>()
  const active = alerts.filter((a) => a.status === 'active')
  if (active.length === 0) return out
  const silences = await store.activeSilences(now)
  if (silences.length === 0) return out
  const facts = new Map<string, Pick<SilenceSubject, 'environment' | 'tags'>>()
  const factsOf = async (a: AlertRecord) => {
    const key = a.jobId !== null ? `j${a.jobId}` : `s${a.serverId}`
    let f = facts.get(key)
    if (!f) {
      const owner =
        a.jobId !== null
          ? await store.getJob({ id: a.jobId })
          : a.serverId !== null
            ? await store.getServer({ id: a.serverId })
            : null
      f = { environment: owner?.environment ?? null, tags: owner?.tags ?? [] }
      facts.set(key, f)
    }
    return f
  }
  for (const a of active) {
    const subject: SilenceSubject = {
      type: a.type,
      job: a.jobSlug,
      server: a.serverName,
      ...(await factsOf(a)),
    }
    const s: SilenceRecord | null = silencing(subject, silences, now)
    if (s) out.set(a.id, { id: s.id, name: s.name, ends_at: iso(s.endsAt), comment: s.comment })
  }
  return out
}

// Which silences hold back a job's notifications now: a line on the job page naming until when,
// who and why, and the alert types when a silence holds back only some.
import type { JobRecord } from '../../domain/records.js'
import { type SilenceRecord, silenceMatches } from '../../domain/silence.js'
import { html, type SafeHtml } from '../html.js'
import { exactTime } from './format.js'

/** The active silences matching the job (any alert type of theirs), ending last first. */
export function jobSilences(job: JobRecord, active: readonly SilenceRecord[]): SilenceRecord[] {
  return active
    .filter((s) =>
      silenceMatches(
        {
          type: s.match.types?.[0] ?? 'job.failed',
          job: job.slug,
          server: job.serverName,
          environment: job.environment,
          tags: job.tags,
        },
        s.match,
      ),
    )
    .sort((a, b) => b.endsAt - a.endsAt)
}

export function silenceNote(silences: readonly SilenceRecord[], zone: string): SafeHtml {
  if (silences.length === 0) return html``
  const items = silences.map((s) => {
    const who = [s.author, s.comment].filter(Boolean).join(': ')
    const types = s.match.types ? ` (${s.match.types.join(', ')} only)` : ''
    return html`<li>Notifications${types} are silenced until ${exactTime(s.endsAt, zone)}${who ? ` — ${who}` : ''}.</li>`
  })
  return html`<div class="alert silenced" role="status"><ul>${items}</ul></div>`
}

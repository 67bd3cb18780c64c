// The Channel JSON: routing, the kind's settings as written with secrets redacted, why it cannot
// be used (or null), and its delivery health. Error texts and receivers' answers are redacted
// again on the way out: rows stored before redaction existed may hold secrets.
import type { ChannelState } from '../../domain/delivery-records.js'
import { formatDuration } from '../../domain/duration.js'
import { iso } from '../../domain/job-alerts.js'
import { redactChannelMap } from '../../notify/channel-redact.js'
import type { ChannelEntry } from '../../notify/channel-registry.js'
import { channelTextRedactor, writtenSettings } from '../../notify/channel-text.js'
import { NOTIFIERS } from '../../notify/channels/registry.js'
import type { ChannelKind, Notifier } from '../../notify/notifier.js'

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

function routingOf(entry: ChannelEntry) {
  // shown as written (daily, {cron, tz}, {every}), and only when the channel has one
  const report = entry.stored.spec.fleet_report
  return { ...routingKeysOf(entry), ...(report != null && { fleet_report: report }) }
}

function routingKeysOf(entry: ChannelEntry) {
  const c = entry.spec
  if (c) {
    return {
      min_severity: c.minSeverity,
      match: c.match,
      send_resolved: c.sendResolved,
      mode: c.mode,
      digest_interval: formatDuration(c.digestInterval),
      repeat_interval: c.repeatInterval === null ? null : formatDuration(c.repeatInterval),
    }
  }
  // unusable: what is stored, with the defaults
  const m = entry.stored.spec
  return {
    min_severity: m.min_severity ?? 'info',
    match: m.match ?? {},
    send_resolved: m.send_resolved ?? true,
    mode: m.mode ?? 'immediate',
    digest_interval: m.digest_interval ?? '1h',
    repeat_interval: m.repeat_interval ?? null,
  }
}

/** The channel's rate limit as written, else its kind's as "N/s" (null: none). */
function rateLimitOf(kind: ChannelKind, written: unknown): unknown {
  if (written !== undefined) return written
  const notifier: Notifier | undefined = NOTIFIERS[kind]
  const rate = notifier?.rateLimitPerSecond ?? 0
  return rate > 0 ? `${rate}/s` : null
}

export function presentChannel(entry: ChannelEntry, state: ChannelState | undefined, pending: number) {
  const { stored } = entry
  const settings = writtenSettings(entry)
  const lastError = state?.lastError ?? null
  return {
    name: stored.name,
    type: entry.spec?.kind ?? stored.kind,
    source: stored.source,
    ...routingOf(entry),
    rate_limit: rateLimitOf(stored.kind as ChannelKind, stored.spec.rate_limit),
    settings: redactChannelMap(stored.kind, settings),
    error: entry.error,
    last_success_at: isoOrNull(state?.lastSuccessAt ?? null),
    last_error: lastError === null ? null : channelTextRedactor(entry)(lastError),
    last_error_at: isoOrNull(state?.lastErrorAt ?? null),
    failing: state?.failing ?? false,
    pending,
  }
}

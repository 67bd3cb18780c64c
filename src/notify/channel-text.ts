// What the API and the dashboard may show of a stored channel's texts: its settings as written
// (`*_env` names unresolved, routing keys left out), and a cleaner for its error texts and
// receivers' answers (rows stored before redaction existed may hold secrets).
import { ROUTING_KEYS } from '../config/channel-spec.js'
import type { ChannelEntry } from './channel-registry.js'
import { channelRedactor, type Redactor, redactText } from './redact-text.js'

/** The kind's settings of a stored channel, as written (`*_env` names unresolved). */
export function writtenSettings(entry: ChannelEntry): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entry.stored.spec).filter(([k]) => !(ROUTING_KEYS as readonly string[]).includes(k)),
  )
}

/** Cleans error texts and answers of a channel (of one no longer stored: URLs and credentials). */
export function channelTextRedactor(entry: ChannelEntry | undefined): Redactor {
  if (!entry) return redactText
  return channelRedactor(entry.stored.kind, entry.spec?.settings ?? writtenSettings(entry))
}

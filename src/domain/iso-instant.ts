// ISO 8601 instants as clients and config files write them.

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i

/**
 * An ISO 8601 instant → epoch ms: `2026-11-22`, `2026-11-22T05:32:04Z`, `…+01:00`, fractions.
 * A date-time without offset is read as UTC (the server's local zone means nothing to clients).
 */
export function parseIsoInstant(text: string): number | null {
  const m = ISO_RE.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, zone] = m
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return null
  if (h === undefined) return day.getTime()
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null
  const normalized = text
    .trim()
    .replace(' ', 'T')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(zone === undefined ? `${normalized}Z` : normalized)
  return Number.isNaN(ms) ? null : ms
}

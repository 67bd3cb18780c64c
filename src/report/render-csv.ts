// The fleet report's problems as CSV (RFC 4180 quoting, LF line ends), one row per active alert,
// most severe first. Totals are not in it: `--json` or the text form has them.
import type { FleetReport } from './build-report.js'

export const CSV_HEADER = [
  'severity',
  'type',
  'server',
  'job',
  'summary',
  'opened_at',
  'silenced_until',
] as const

/** A field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | null): string {
  const text = value ?? ''
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function renderCsv(report: FleetReport): string {
  const lines = [CSV_HEADER.join(',')]
  for (const p of report.problems) {
    const row = [p.severity, p.type, p.server, p.job, p.summary, p.opened_at, p.silenced_by?.ends_at ?? null]
    lines.push(row.map(csvField).join(','))
  }
  return `${lines.join('\n')}\n`
}

// Shared wording for every channel: one title, one summary, the same facts everywhere.
import { batchItems } from '../batch.js'
import type { AlertView, Notification, Transition } from '../notifier.js'

const PHRASES: Record<string, string> = {
  'job.failed': 'backup failed',
  'job.missed': 'backup missed',
  'job.stale': 'no recent backup',
  'job.warning': 'backup finished with warnings',
  'job.long_running': 'backup running too long',
  'job.size_anomaly': 'unusual backup size',
  'job.retention_violation': 'retention below policy',
  'job.check_overdue': 'consistency check overdue',
  'job.restore_untested': 'restore test overdue',
  'job.snapshots_deleted': 'snapshots deleted',
  'job.deleted': 'backup job deleted',
  'server.offline': 'server offline',
  'server.unprotected': 'server without backups',
  digest: 'backup alerts digest',
  report: 'fleet report',
  batch: 'backup notifications',
}

/** How a batch line says what happened (a resolution's tag already says it). */
const HAPPENED: Record<Transition, string> = {
  opened: 'opened: ',
  resolved: '',
  repeat: 'still active: ',
  escalated: 'escalated: ',
  test: '',
  digest: '',
  batch: '',
  report: '',
}

/** A batch line's longest length: 25 of them still fit one chat message. */
const LINE_MAX = 160

/** `job.failed` → "backup failed"; an unknown type reads as itself ("job.new_rule" → "job new rule"). */
export function alertPhrase(type: string): string {
  return PHRASES[type] ?? type.replace(/[._]+/g, ' ')
}

/** What the alert is about: `server/job`, the job, the server, or "fleet". */
export function subjectOf(alert: AlertView): string {
  if (alert.server && alert.job) return `${alert.server}/${alert.job}`
  return alert.job ?? alert.server ?? 'fleet'
}

/** `[CRITICAL]`, `[RESOLVED]` or `[TEST]`. */
export function tagOf(n: Notification): string {
  if (n.transition === 'test') return '[TEST]'
  if (n.transition === 'resolved' || n.alert.status === 'resolved') return '[RESOLVED]'
  return `[${n.alert.severity.toUpperCase()}]`
}

/** `[CRITICAL] backup failed: prod-sql-01/nightly`; a batch: `[CRITICAL] 5 backup notifications` */
export function titleOf(n: Notification): string {
  // a batch and a report say what they hold in their summary
  if (n.transition === 'batch' || n.transition === 'report') return `${tagOf(n)} ${n.alert.summary}`
  return `${tagOf(n)} ${alertPhrase(n.alert.type)}: ${subjectOf(n.alert)}`
}

/** One line of a batch: `[CRITICAL] opened: backup failed: prod-sql-01/nightly — exit 2`. */
export function lineOf(n: Notification): string {
  const what = `${alertPhrase(n.alert.type)}: ${subjectOf(n.alert)}`
  return cut(`${tagOf(n)} ${HAPPENED[n.transition]}${what} — ${n.alert.summary}`, LINE_MAX)
}

/** A batch's lines, in order (empty for any other notification). */
export function batchLinesOf(n: Notification): string[] {
  return batchItems(n).map(lineOf)
}

/**
 * Whole lines while they fit in `max` characters, then "… and N more" (a batch message cut
 * mid-line would hide how many it holds).
 */
export function linesWithin(lines: string[], max: number): string {
  const all = lines.join('\n')
  if (all.length <= max) return all
  let out = ''
  for (let i = 0; i < lines.length; i++) {
    const next = out === '' ? lines[i]! : `${out}\n${lines[i]}`
    if (next.length + `\n… and ${lines.length - i - 1} more`.length > max) {
      const rest = `… and ${lines.length - i} more`
      return cut(out === '' ? rest : `${out}\n${rest}`, max)
    }
    out = next
  }
  return out
}

/**
 * One line saying what happened, for channels that show a single line under the title; a batch's
 * lines, as many whole ones as fit in `max` (other leads are cut by the channel).
 */
export function leadOf(n: Notification, max = Number.POSITIVE_INFINITY): string {
  const what = n.alert.summary
  switch (n.transition) {
    case 'batch':
      return linesWithin(batchLinesOf(n), max)
    case 'resolved':
      return `Resolved: ${what}`
    case 'repeat':
      return `Still active since ${n.alert.opened_at}: ${what}`
    case 'escalated':
      return `Escalated: ${what}`
    case 'test':
      return `Test notification from Backwatch. ${what}`
    default:
      return what
  }
}

/** Label/value pairs shown by channels with structured layouts (only the known ones). */
export function factsOf(alert: AlertView): Array<[label: string, value: string]> {
  const facts: Array<[string, string]> = []
  // a batch is about several alerts: its lines carry their facts
  if (alert.type === 'batch') return facts
  // a report is about the fleet: its summary and text carry the numbers
  if (alert.type === 'report') return [['Generated', alert.opened_at]]
  if (alert.job) facts.push(['Job', alert.job])
  if (alert.server) facts.push(['Server', alert.server])
  if (alert.environment) facts.push(['Environment', alert.environment])
  facts.push(['Severity', alert.severity])
  facts.push(['Opened', alert.opened_at])
  if (alert.resolved_at) facts.push(['Resolved', alert.resolved_at])
  if (alert.tags.length) facts.push(['Tags', alert.tags.join(', ')])
  return facts
}

/** A plain-text message: title, lead, facts and link (chat channels, ntfy, command). */
export function plainTextOf(n: Notification, opts: { title?: boolean; leadMax?: number } = {}): string {
  const lines: string[] = []
  if (opts.title !== false) lines.push(titleOf(n))
  lines.push(leadOf(n, opts.leadMax))
  const facts = factsOf(n.alert)
  if (facts.length) lines.push(facts.map(([k, v]) => `${k}: ${v}`).join(' · '))
  lines.push(n.alert.url)
  return lines.join('\n')
}

/**
 * Cuts text to at most `max` UTF-16 units, never inside a surrogate pair, ending with "…" when
 * something was cut.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return text.slice(0, end) + '…'
}

/** The last `max` characters (a log tail stays a tail). */
export function tail(text: string, max: number): string {
  if (text.length <= max) return text
  let start = text.length - max + 1
  const first = text.charCodeAt(start)
  if (first >= 0xdc00 && first <= 0xdfff) start += 1
  return '…' + text.slice(start)
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

// Status badges: a colour and always a word (never colour alone). Tones: bad, warn, ok, idle.
import type { JobRecord } from '../../domain/records.js'
import type { ServerStatus } from '../../domain/server-status.js'
import type { Severity } from '../../domain/types.js'
import { html, type SafeHtml } from '../html.js'

export type Tone = 'bad' | 'warn' | 'ok' | 'idle'

export interface StatusView {
  label: string
  tone: Tone
}

const DOWN_LABELS: Record<string, string> = {
  failed: 'Failed',
  missed: 'Missed',
  long_running: 'Too long',
}

export function jobStatusView(job: Pick<JobRecord, 'status' | 'downReason' | 'lastStatus'>): StatusView {
  switch (job.status) {
    case 'down':
      return { label: DOWN_LABELS[job.downReason ?? ''] ?? 'Down', tone: 'bad' }
    case 'grace':
      return { label: 'Late', tone: 'warn' }
    case 'up':
      return job.lastStatus === 'warning' ? { label: 'Warning', tone: 'warn' } : { label: 'Up', tone: 'ok' }
    case 'new':
      return { label: 'New', tone: 'idle' }
    default:
      return { label: 'Paused', tone: 'idle' }
  }
}

export function serverStatusView(status: ServerStatus): StatusView {
  if (status === 'offline') return { label: 'Offline', tone: 'bad' }
  if (status === 'online') return { label: 'Online', tone: 'ok' }
  return { label: 'No heartbeat', tone: 'idle' }
}

export const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'bad', warning: 'warn', info: 'idle' }

export function badge(view: StatusView): SafeHtml {
  return html`<span class="badge ${view.tone}">${view.label}</span>`
}

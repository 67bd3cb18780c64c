// Command channel: the program gets the alert in BACKWATCH_* environment variables and the whole
// Notification as JSON on stdin. Values are never interpolated into a command line.

import type { CommandSettings } from '../../../config/channels/command.js'
import type { Notification } from '../../notifier.js'
import { titleOf } from '../text.js'

export interface CommandInvocation {
  file: string
  args: string[]
  /** added to the parent's environment */
  env: Record<string, string>
  stdin: string
  timeoutMs: number
}

const clean = (v: string | number | null) => String(v ?? '').replace(/\0/g, '')

export function commandEnv(n: Notification): Record<string, string> {
  const a = n.alert
  return {
    BACKWATCH_ALERT_ID: clean(a.id),
    BACKWATCH_ALERT_TYPE: clean(a.type),
    BACKWATCH_ALERT_SEVERITY: clean(a.severity),
    BACKWATCH_ALERT_STATUS: clean(a.status),
    BACKWATCH_ALERT_JOB: clean(a.job),
    BACKWATCH_ALERT_SERVER: clean(a.server),
    BACKWATCH_ALERT_ENVIRONMENT: clean(a.environment),
    BACKWATCH_ALERT_SUMMARY: clean(a.summary),
    BACKWATCH_ALERT_TITLE: clean(titleOf(n)),
    BACKWATCH_ALERT_URL: clean(a.url),
    BACKWATCH_TRANSITION: n.transition,
    BACKWATCH_IDEMPOTENCY_KEY: clean(n.idempotencyKey),
  }
}

export function buildCommandInvocation(n: Notification, s: CommandSettings): CommandInvocation {
  const [file, ...args] = s.command
  return { file: file!, args, env: commandEnv(n), stdin: JSON.stringify(n), timeoutMs: s.timeout }
}

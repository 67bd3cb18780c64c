// Every channel kind, by name. Adding a kind: its settings schema in config/channels/<kind>.ts (and
// a line in kinds.ts), one folder here with the body builder and the send, one line below.
import type { ChannelKind, Notifier } from '../notifier.js'
import { commandNotifier } from './command/notifier.js'
import { discordNotifier } from './discord/notifier.js'
import { emailNotifier } from './email/notifier.js'
import { gotifyNotifier } from './gotify/notifier.js'
import { ntfyNotifier } from './ntfy/notifier.js'
import { opsgenieNotifier } from './opsgenie/notifier.js'
import { pagerdutyNotifier } from './pagerduty/notifier.js'
import { pushoverNotifier } from './pushover/notifier.js'
import { slackNotifier } from './slack/notifier.js'
import { teamsNotifier } from './teams/notifier.js'
import { telegramNotifier } from './telegram/notifier.js'
import { webhookNotifier } from './webhook/notifier.js'

export const NOTIFIERS = {
  email: emailNotifier,
  webhook: webhookNotifier,
  slack: slackNotifier,
  teams: teamsNotifier,
  discord: discordNotifier,
  ntfy: ntfyNotifier,
  telegram: telegramNotifier,
  pushover: pushoverNotifier,
  gotify: gotifyNotifier,
  pagerduty: pagerdutyNotifier,
  opsgenie: opsgenieNotifier,
  command: commandNotifier,
} satisfies Record<ChannelKind, Notifier>

/**
 * The notifier of a kind, for callers that hold a channel's settings as unknown: parse them with
 * `settings` first, then pass the result to `send`.
 */
export function notifierFor(kind: ChannelKind): Notifier {
  return NOTIFIERS[kind]
}

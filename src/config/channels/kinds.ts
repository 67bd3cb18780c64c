// The channel kinds a config file may name (`type:`), and each kind's settings schema. They live
// with the config so that loading and checking a config file does not load the senders (SMTP,
// HTTP clients); notify/channels/<kind>/ builds the messages and sends them.
import type { z } from 'zod'
import { commandSettings } from './command.js'
import { discordSettings } from './discord.js'
import { emailSettings } from './email.js'
import { gotifySettings } from './gotify.js'
import { ntfySettings } from './ntfy.js'
import { opsgenieSettings } from './opsgenie.js'
import { pagerdutySettings } from './pagerduty.js'
import { pushoverSettings } from './pushover.js'
import { slackSettings } from './slack.js'
import { teamsSettings } from './teams.js'
import { telegramSettings } from './telegram.js'
import { webhookSettings } from './webhook.js'

export const CHANNEL_KINDS = [
  'email',
  'webhook',
  'slack',
  'teams',
  'discord',
  'ntfy',
  'telegram',
  'pushover',
  'gotify',
  'pagerduty',
  'opsgenie',
  'command',
] as const
export type ChannelKind = (typeof CHANNEL_KINDS)[number]

/** Each kind's own settings (the flat map of SPEC §7 minus the routing keys). */
export const CHANNEL_SETTINGS = {
  email: emailSettings,
  webhook: webhookSettings,
  slack: slackSettings,
  teams: teamsSettings,
  discord: discordSettings,
  ntfy: ntfySettings,
  telegram: telegramSettings,
  pushover: pushoverSettings,
  gotify: gotifySettings,
  pagerduty: pagerdutySettings,
  opsgenie: opsgenieSettings,
  command: commandSettings,
} satisfies Record<ChannelKind, z.ZodType>

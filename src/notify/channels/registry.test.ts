import { describe, expect, it } from 'vitest'
import { CHANNEL_KINDS, CHANNEL_SETTINGS } from '../../config/channels/kinds.js'
import { NOTIFIERS, notifierFor } from './registry.js'

describe('channel registry', () => {
  it('has exactly one notifier per kind, named after it', () => {
    expect(Object.keys(NOTIFIERS).sort()).toEqual([...CHANNEL_KINDS].sort())
    for (const kind of CHANNEL_KINDS) expect(notifierFor(kind).kind).toBe(kind)
  })

  it('checks settings with the schema the config file is checked with', () => {
    for (const kind of CHANNEL_KINDS) expect(notifierFor(kind).settings).toBe(CHANNEL_SETTINGS[kind])
  })

  it.each([...CHANNEL_KINDS])('%s settings are strict: unknown keys are rejected', (kind) => {
    const r = notifierFor(kind).settings.safeParse({ surely_not_a_setting: 1 })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('surely_not_a_setting')
  })
})

import { describe, expect, it } from 'vitest'
import { aNotification } from '../../../../test/support/receivers-fixtures.js'
import { buildDiscordRequest, DISCORD_MAX, discordContent } from './body.js'

describe('discord body', () => {
  it.each([
    ['short log', 'Error: boom', true],
    ['huge log', 'x'.repeat(10_000), true],
    ['huge summary', null, false],
  ])('%s stays within 2000 characters', (_name, log, hasLog) => {
    const n = aNotification({
      alert: { log_tail: log, summary: log === null ? '😀'.repeat(3000) : 'exit 2' },
    })
    const content = discordContent(n)
    expect(content.length).toBeLessThanOrEqual(DISCORD_MAX)
    expect(content.startsWith('**[CRITICAL] backup failed: prod-sql-01/nightly**')).toBe(true)
    expect(content.includes('```')).toBe(hasLog)
    expect(() => encodeURIComponent(content)).not.toThrow() // no lone surrogate
  })

  it('disables mentions and sets the username', () => {
    const body = JSON.parse(
      buildDiscordRequest(aNotification(), { url: 'https://d/x', username: 'Backwatch' }).body,
    )
    expect(body).toMatchObject({ allowed_mentions: { parse: [] }, username: 'Backwatch' })
  })
})

import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../../test/support/receivers-fixtures.js'
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

  it('a batch of 25 long lines stays within 2000 characters, whole lines and the link kept', () => {
    const content = discordContent(aBatch(25, { summary: 'x'.repeat(500) }))
    expect(content.length).toBeLessThanOrEqual(DISCORD_MAX)
    const lines = content.split('\n')
    expect(lines[0]).toBe('**[CRITICAL] 25 backup notifications**')
    expect(lines[1]).toMatch(/^\[CRITICAL\] opened: backup failed: prod-sql-01\/job-1 — x+…$/)
    expect(lines.at(-2)).toMatch(/^… and \d+ more$/)
    expect(lines.at(-1)).toBe('<https://backwatch.example/api/v1/alerts>')
  })

  it('a short batch lists every line', () => {
    expect(discordContent(aBatch(2)).split('\n')).toEqual([
      '**[CRITICAL] 2 backup notifications**',
      '[CRITICAL] opened: backup failed: prod-sql-01/job-1 — borgmatic exited with code 2',
      '[CRITICAL] opened: backup failed: prod-sql-01/job-2 — borgmatic exited with code 2',
      '<https://backwatch.example/api/v1/alerts>',
    ])
  })
})

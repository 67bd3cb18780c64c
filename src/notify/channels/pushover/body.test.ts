import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../../test/support/receivers-fixtures.js'
import { pushoverSettings } from '../../../config/channels/pushover.js'
import { buildPushoverRequest } from './body.js'

const s = pushoverSettings.parse({ token: 'a'.repeat(30), user: 'u'.repeat(30) })

describe('pushover body', () => {
  it.each([
    [{}, '1'],
    [{ alert: { severity: 'warning' as const } }, '0'],
    [{ alert: { severity: 'info' as const } }, '-1'],
    [{ transition: 'resolved' as const }, '-1'],
  ])('%j → priority %s', (o, priority) => {
    const req = buildPushoverRequest(aNotification(o), s)
    expect(req.url).toBe('https://api.pushover.net/1/messages.json')
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded')
    const form = new URLSearchParams(req.body)
    expect(form.get('priority')).toBe(priority)
    expect(form.get('token')).toBe(s.token)
    expect(form.get('user')).toBe(s.user)
    expect(form.get('url')).toBe('https://backwatch.example/api/v1/alerts/42')
    expect(form.get('message')!.length).toBeLessThanOrEqual(1024)
  })

  it('rejects malformed keys', () => {
    expect(
      pushoverSettings.safeParse({ token: 'short', user: 'u'.repeat(30) }).error?.issues[0]?.message,
    ).toContain('30 letters')
  })

  it('a batch: whole lines within 1024 characters', () => {
    const form = new URLSearchParams(buildPushoverRequest(aBatch(25), s).body)
    expect(form.get('title')).toBe('[CRITICAL] 25 backup notifications')
    const message = form.get('message')!
    expect(message.length).toBeLessThanOrEqual(1024)
    expect(message.split('\n')[0]).toBe(
      '[CRITICAL] opened: backup failed: prod-sql-01/job-1 — borgmatic exited with code 2',
    )
    expect(message).toMatch(/\n… and \d+ more$/)
  })
})

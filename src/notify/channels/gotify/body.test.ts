import { describe, expect, it } from 'vitest'
import { aNotification } from '../../../../test/support/receivers-fixtures.js'
import { buildGotifyRequest } from './body.js'

describe('gotify body', () => {
  it.each([
    [{}, 8],
    [{ alert: { severity: 'warning' as const } }, 5],
    [{ alert: { severity: 'info' as const } }, 3],
    [{ transition: 'resolved' as const }, 2],
  ])('%j → priority %i', (o, priority) => {
    const req = buildGotifyRequest(aNotification(o), { url: 'https://g.example', token: 'AbC' })
    expect(req.url).toBe('https://g.example/message')
    expect(req.headers['X-Gotify-Key']).toBe('AbC')
    const body = JSON.parse(req.body)
    expect(body).toMatchObject({
      priority,
      title: expect.stringContaining('backup failed: prod-sql-01/nightly'),
    })
    expect(body.message).toContain('borgmatic exited with code 2')
    expect(body.extras['client::notification'].click.url).toBe('https://backwatch.example/api/v1/alerts/42')
  })
})

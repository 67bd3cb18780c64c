import { describe, expect, it } from 'vitest'
import { aNotification } from '../../../../test/support/receivers-fixtures.js'
import { buildNtfyRequest } from './body.js'

const s = { url: 'https://ntfy.example/', topic: 'backups' }

describe('ntfy body', () => {
  it.each([
    [{}, '5', 'rotating_light'],
    [{ alert: { severity: 'warning' as const } }, '4', 'warning'],
    [{ alert: { severity: 'info' as const } }, '3', 'information_source'],
    [{ transition: 'resolved' as const }, '2', 'white_check_mark'],
  ])('%j → priority %s, tag %s', (o, priority, tag) => {
    const req = buildNtfyRequest(aNotification(o), s)
    expect(req.url).toBe('https://ntfy.example/backups')
    expect(req.headers['X-Priority']).toBe(priority)
    expect(req.headers['X-Tags']?.split(',')[0]).toBe(tag)
    expect(req.body).toContain('borgmatic exited with code 2')
  })

  it('encodes a non-ASCII title as RFC 2047 and sends the token', () => {
    const req = buildNtfyRequest(aNotification({ alert: { server: 'sérveur' } }), { ...s, token: 'tk_1' })
    const m = /^=\?UTF-8\?B\?(.+)\?=$/.exec(req.headers['X-Title'] ?? '')
    expect(Buffer.from(m![1]!, 'base64').toString()).toBe('[CRITICAL] backup failed: sérveur/nightly')
    expect(req.headers.authorization).toBe('Bearer tk_1')
  })
})

import { describe, expect, it } from 'vitest'
import { aNotification } from '../../../../test/support/receivers-fixtures.js'
import { pagerdutySettings } from '../../../config/channels/pagerduty.js'
import { buildPagerdutyRequest } from './body.js'

const s = pagerdutySettings.parse({ routing_key: 'R'.repeat(32) })

describe('pagerduty body', () => {
  it.each([
    [{}, 'trigger', 'critical'],
    [{ alert: { severity: 'warning' as const } }, 'trigger', 'warning'],
    [{ transition: 'repeat' as const, alert: { severity: 'info' as const } }, 'trigger', 'info'],
    [{ transition: 'escalated' as const }, 'trigger', 'critical'],
  ])('%j → %s with severity %s', (o, action, severity) => {
    const req = buildPagerdutyRequest(aNotification(o), s)
    expect(req.url).toBe('https://events.pagerduty.com/v2/enqueue')
    const body = JSON.parse(req.body)
    expect(body).toMatchObject({
      routing_key: s.routing_key,
      event_action: action,
      dedup_key: 'backwatch-alert-42',
    })
    expect(body.payload).toMatchObject({
      source: 'prod-sql-01',
      severity,
      timestamp: '2026-01-31T02:03:04.000Z',
    })
    expect(body.payload.summary.length).toBeLessThanOrEqual(1024)
    expect(body.payload.custom_details.log_tail).toContain('Connection closed')
  })

  it('resolve carries only routing_key, event_action and the same dedup_key', () => {
    const body = JSON.parse(buildPagerdutyRequest(aNotification({ transition: 'resolved' }), s).body)
    expect(body).toEqual({
      routing_key: s.routing_key,
      event_action: 'resolve',
      dedup_key: 'backwatch-alert-42',
    })
  })

  it('source falls back to backwatch; summary cut to 1024; test keys never collide with the alert', () => {
    const n = aNotification({ transition: 'test', alert: { server: null, summary: 'x'.repeat(5000) } })
    const body = JSON.parse(buildPagerdutyRequest(n, s).body)
    expect(body.payload.source).toBe('backwatch')
    expect(body.payload.summary).toHaveLength(1024)
    expect(body.dedup_key).not.toBe('backwatch-alert-42')
    expect(body.dedup_key.length).toBeLessThanOrEqual(255)
  })

  it('rejects a malformed routing key', () => {
    expect(pagerdutySettings.safeParse({ routing_key: 'abc' }).error?.issues[0]?.message).toContain(
      '32-character',
    )
  })
})

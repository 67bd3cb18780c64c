import { describe, expect, it } from 'vitest'
import { aNotification } from '../../../../test/support/receivers-fixtures.js'
import { opsgenieSettings } from '../../../config/channels/opsgenie.js'
import { buildOpsgenieRequest } from './body.js'

const s = opsgenieSettings.parse({ api_key: 'key-1' })

describe('opsgenie body', () => {
  it.each([
    ['critical', 'P1'],
    ['warning', 'P3'],
    ['info', 'P5'],
  ] as const)('%s → create with %s', (severity, priority) => {
    const req = buildOpsgenieRequest(aNotification({ alert: { severity } }), s)
    expect(req.url).toBe('https://api.opsgenie.com/v2/alerts')
    expect(req.headers.authorization).toBe('GenieKey key-1')
    const body = JSON.parse(req.body)
    expect(body).toMatchObject({ alias: 'backwatch-alert-42', priority, source: 'Backwatch' })
    expect(body.message.length).toBeLessThanOrEqual(130)
    expect(body.tags).toEqual(['backwatch', 'db', 'sql'])
    expect(body.description).toContain('Connection closed')
    expect(Object.values(body.details).every((v) => typeof v === 'string')).toBe(true)
  })

  it.each([
    [
      'https://api.opsgenie.com',
      'https://api.opsgenie.com/v2/alerts/backwatch-alert-42/close?identifierType=alias',
    ],
    [
      'https://api.eu.opsgenie.com/',
      'https://api.eu.opsgenie.com/v2/alerts/backwatch-alert-42/close?identifierType=alias',
    ],
    [
      'https://api.atlassian.com/jsm/ops/integration',
      'https://api.atlassian.com/jsm/ops/integration/v2/alerts/backwatch-alert-42/close?identifierType=alias',
    ],
  ])('resolve closes by alias at %s', (api_url, url) => {
    const req = buildOpsgenieRequest(aNotification({ transition: 'resolved' }), { ...s, api_url })
    expect(req.url).toBe(url)
    expect(JSON.parse(req.body).source).toBe('Backwatch')
  })

  it('cuts a long message to 130', () => {
    const body = JSON.parse(buildOpsgenieRequest(aNotification({ alert: { job: 'j'.repeat(300) } }), s).body)
    expect(body.message).toHaveLength(130)
  })
})

import { describe, expect, it } from 'vitest'
import { notifyFamilies } from './notify-families.js'

describe('notifyFamilies', () => {
  it('one series per channel and family, escaped labels, no last success before the first', () => {
    const text = notifyFamilies({
      channels: [
        { name: 'ops "hook"', kind: 'webhook', failing: true, lastSuccessAt: null, pending: 3 },
        { name: 'mail', kind: 'email', failing: false, lastSuccessAt: 1_700_000_000_250, pending: 0 },
      ],
      silencesActive: 2,
    })
    const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    expect(samples).toEqual([
      'backwatch_channel_up{channel="ops \\"hook\\"",type="webhook"} 0',
      'backwatch_channel_up{channel="mail",type="email"} 1',
      'backwatch_channel_pending_notifications{channel="ops \\"hook\\"",type="webhook"} 3',
      'backwatch_channel_pending_notifications{channel="mail",type="email"} 0',
      'backwatch_channel_last_success_timestamp_seconds{channel="mail",type="email"} 1700000000.25',
      'backwatch_silences_active 2',
    ])
    expect(text).toContain('# TYPE backwatch_channel_up gauge')
  })

  it('without channels: the families are declared, the silence count is 0', () => {
    const text = notifyFamilies({ channels: [], silencesActive: 0 })
    expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([
      'backwatch_silences_active 0',
    ])
  })
})

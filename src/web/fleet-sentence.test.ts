import { describe, expect, it } from 'vitest'
import { fleetSentence } from './fleet-sentence.js'

const counts = (c: Partial<Record<'new' | 'up' | 'grace' | 'down' | 'paused', number>>, offline = 0) => {
  const s = { new: 0, up: 0, grace: 0, down: 0, paused: 0, ...c }
  return {
    jobs_by_status: s,
    jobs_total: Object.values(s).reduce((a, b) => a + b, 0),
    servers_offline: offline,
  }
}

describe('fleetSentence', () => {
  it('puts problems first', () => {
    expect(fleetSentence(counts({ up: 10, down: 2 }, 1))).toEqual({
      text: '2 jobs down, 1 server offline',
      tone: 'bad',
    })
    expect(fleetSentence(counts({ up: 3, down: 1, grace: 2 }))).toEqual({
      text: '1 job down, 2 jobs late',
      tone: 'bad',
    })
    expect(fleetSentence(counts({ up: 3 }, 2)).text).toBe('2 servers offline')
    expect(fleetSentence(counts({ up: 3, grace: 1 }))).toEqual({
      text: '1 job late, nothing down yet',
      tone: 'warn',
    })
  })

  it('says all is well in a sentence', () => {
    expect(fleetSentence(counts({ up: 14 }))).toEqual({ text: 'All 14 jobs are up to date', tone: 'ok' })
    expect(fleetSentence(counts({ up: 12, new: 1, paused: 2 })).text).toBe(
      'All 12 jobs are up to date (1 waiting for a first run, 2 paused)',
    )
    expect(fleetSentence(counts({ up: 1 })).text).toBe('The only job is up to date')
    expect(fleetSentence(counts({})).text).toBe('No jobs yet')
    expect(fleetSentence(counts({ new: 2 })).text).toBe('No job has reported yet (2 waiting for a first run)')
  })
})

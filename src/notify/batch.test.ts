import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../test/support/receivers-fixtures.js'
import { BATCH_MAX, batchItems, batchNotification, chunk } from './batch.js'
import { batchLinesOf, titleOf } from './channels/text.js'

describe('batchNotification', () => {
  it('lists every notification, in order, under one summary', () => {
    const n = aBatch(3)
    expect(n).toMatchObject({
      transition: 'batch',
      alert: {
        id: 1,
        type: 'batch',
        severity: 'critical',
        status: 'active',
        summary: '3 backup notifications',
        log_tail: null,
        url: 'https://backwatch.example/api/v1/alerts',
      },
    })
    expect(titleOf(n)).toBe('[CRITICAL] 3 backup notifications')
    expect(batchLinesOf(n)).toEqual(
      [1, 2, 3].map(
        (i) => `[CRITICAL] opened: backup failed: prod-sql-01/job-${i} — borgmatic exited with code 2`,
      ),
    )
    // the items keep what a line needs, not the log tails
    expect(batchItems(n).map((i) => [i.alert.id, i.alert.log_tail, i.idempotencyKey])).toEqual([
      [1, null, 'alert-1-opened-ch-1'],
      [2, null, 'alert-2-opened-ch-1'],
      [3, null, 'alert-3-opened-ch-1'],
    ])
  })

  it('takes the worst severity of what is still open; only resolutions read as resolved', () => {
    const warning = aNotification({ alert: { id: 1, severity: 'warning' } })
    const resolvedCritical = aNotification({ transition: 'resolved', alert: { id: 2 } })
    expect(batchNotification([warning, resolvedCritical]).alert).toMatchObject({
      severity: 'warning',
      status: 'active',
    })
    const allResolved = batchNotification([resolvedCritical, { ...resolvedCritical, idempotencyKey: 'k2' }])
    expect(allResolved.alert.status).toBe('resolved')
    expect(titleOf(allResolved)).toBe('[RESOLVED] 2 backup notifications')
  })

  it('has a key stable for the same items (a retry resends the same message) and new for others', () => {
    expect(aBatch(3).idempotencyKey).toBe(aBatch(3).idempotencyKey)
    expect(aBatch(3).idempotencyKey).not.toBe(aBatch(4).idempotencyKey)
    expect(aBatch(3).idempotencyKey).toMatch(/^backwatch-batch-[0-9a-f]{32}$/)
  })

  it('a notification that is not a batch has no items', () => {
    expect(batchItems(aNotification())).toEqual([])
  })
})

describe('chunk', () => {
  it(`splits into messages of at most ${BATCH_MAX}`, () => {
    const sizes = chunk(Array.from({ length: 60 }, (_, i) => i)).map((c) => c.length)
    expect(sizes).toEqual([25, 25, 10])
    expect(chunk([])).toEqual([])
  })
})

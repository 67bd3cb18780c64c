import { describe, expect, it } from 'vitest'
import { UUID_RE } from '../../ingest/healthchecks-path.js'
import { errorOfLog, retentionOf, runRid, runStatus, serverNames } from './sqlbak-mapping.js'

describe('SqlBak mapping', () => {
  it('derives one valid rid per account and run', () => {
    const a = runRid('https://sqlbak.com/public-api/v1', '501')
    expect(a).toMatch(UUID_RE)
    expect(runRid('https://sqlbak.com/public-api/v1', '501')).toBe(a)
    expect(runRid('https://sqlbak.com/public-api/v1', '502')).not.toBe(a)
    expect(runRid('http://other/public-api/v1', '501')).not.toBe(a)
  })

  it('names servers with what Backwatch accepts; a clash keeps them apart by id', () => {
    const names = serverNames([
      { id: 1, name: 'My Server1' },
      { id: 2, name: 'my server1' },
      { id: 3, name: ' sql/02 (prod) ' },
      { id: 4 },
    ])
    expect([...names]).toEqual([
      ['1', 'My-Server1-1'],
      ['2', 'my-server1-2'],
      ['3', 'sql-02-prod'],
      ['4', 'sqlbak-server-4'],
    ])
  })

  it.each([
    ['succeeded', 'succeeded'],
    ['Failed', 'failed'],
    ['running', 'running'],
    ['warning', 'warning'],
    ['canceled_by_user', null],
    [undefined, null],
  ])('status %s → %s', (status, expected) => {
    expect(runStatus(status)).toBe(expected)
  })

  it('takes the weakest destination as the retention; none without numbers', () => {
    expect(
      retentionOf({
        data: {
          destinations: [
            { full_backups_keep_months: 1, inc_backups_keep_days: 14 },
            { full_backups_keep_days: 20 },
          ],
        },
      }),
    ).toEqual({ full_days: 20, incremental_days: 14 })
    expect(retentionOf({ data: { destinations: [{ id: 1 }] } })).toBeNull()
    expect(retentionOf(null)).toBeNull()
  })

  it('finds the error line of a log given as a list or as text', () => {
    expect(
      errorOfLog({
        data: {
          list: [
            { level: 'error', message: 'disk full' },
            { level: 'info', message: 'done' },
          ],
        },
      }).error,
    ).toBe('disk full')
    expect(errorOfLog({ data: 'start\nERROR: cannot connect to server\nend\n' }).error).toBe(
      'ERROR: cannot connect to server',
    )
    expect(errorOfLog({ data: { list: [] } })).toEqual({ error: null, log: null })
    expect(errorOfLog(null)).toEqual({ error: null, log: null })
  })
})

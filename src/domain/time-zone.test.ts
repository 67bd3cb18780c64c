import { describe, expect, it } from 'vitest'
import { CronError, nextCronAfter, parseCron } from './cron.js'
import { isValidTimeZone } from './time-zone.js'

describe('isValidTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Berlin', true],
    ['America/New_York', true],
    ['Asia/Kolkata', true],
    ['Etc/GMT+5', true],
    ['', false],
    ['Mars/Base', false],
    ['Europe/Berln', false],
    ['+01:00', false],
    [' UTC', false],
  ])('%j → %s', (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid)
  })

  it('nextCronAfter rejects an unknown zone', () => {
    expect(() => nextCronAfter(parseCron('* * * * *'), 'Mars/Base', 0)).toThrow(
      new CronError('unknown time zone "Mars/Base"'),
    )
  })
})

import { describe, expect, it } from 'vitest'
import { CronError, parseCron } from './cron-parse.js'

describe('parseCron', () => {
  it.each([
    ['* * * * *', '* * * * *'],
    ['  0   3 * * *  ', '0 3 * * *'],
    ['*/15 * * * *', '*/15 * * * *'],
    ['0 9 * JAN-mar Mon-FRI', '0 9 * JAN-mar Mon-FRI'],
    ['0 0 * * 7', '0 0 * * 7'],
    ['1-10/2,30 0-23/6 1,15 */3 0-6', '1-10/2,30 0-23/6 1,15 */3 0-6'],
    ['5/20 * * * *', '5/20 * * * *'],
    ['0 0 29 2 *', '0 0 29 2 *'],
    ['0 0 31 2 1', '0 0 31 2 1'], // dom/dow OR: fires on Mondays in February
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@monthly', '0 0 1 * *'],
    ['@weekly', '0 0 * * 0'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@HOURLY', '0 * * * *'],
  ])('accepts %j', (expr, fields) => {
    const parsed = parseCron(expr)
    expect(parsed.source).toBe(expr)
    expect(parsed.fields).toBe(fields)
  })

  it.each([
    ['0 25 * * *', 'hour 25 out of range 0-23'],
    ['* * *', 'expected 5 fields, got 3'],
    ['* * * * * *', 'expected 5 fields, got 6'],
    ['61 * * * *', 'minute 61 out of range 0-59'],
    ['abc', 'expected 5 fields, got 1'],
    ['', 'expected 5 fields, got 0'],
    ['a b c d e', 'minute "a" is not a number'],
    ['0 0 0 * *', 'day-of-month 0 out of range 1-31'],
    ['0 0 32 * *', 'day-of-month 32 out of range 1-31'],
    ['0 0 * 13 *', 'month 13 out of range 1-12'],
    ['0 0 * * 8', 'day-of-week 8 out of range 0-7'],
    ['0 0 * mon *', 'month "mon" is not a number'],
    ['0 0 * * jan', 'day-of-week "jan" is not a number'],
    ['*/0 * * * *', 'minute step "0" must be a positive integer'],
    ['*/ * * * *', 'minute step "" must be a positive integer'],
    ['5-1 * * * *', 'minute range 5-1 is reversed'],
    ['1,,2 * * * *', 'minute "" is not a number'],
    ['-1 * * * *', 'minute "" is not a number'],
    ['0 0 L * *', 'day-of-month "L" is not a number'],
    ['0 0 ? * *', 'day-of-month "?" is not a number'],
    ['@reboot', 'unknown macro @reboot'],
  ])('rejects %j', (expr, reason) => {
    let error: unknown
    try {
      parseCron(expr)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(CronError)
    expect((error as Error).message).toBe(`invalid cron expression "${expr}"`)
    expect((error as Error).cause).toBe(reason)
  })

  it.each(['0 0 31 2 *', '0 0 30 2 *', '0 0 30,31 2 *', '0 0 31 4,6,9,11 *', '0 0 31 2 */2'])(
    'rejects %j as never firing',
    (expr) => {
      expect(() => parseCron(expr)).toThrow(new CronError(`cron expression "${expr}" never fires`))
    },
  )

  it.each(['0 0 29 2 *', '0 0 31 1-2 *', '0 0 30,31 2,3 *', '0 0 31 2 1'])(
    'accepts %j that fires rarely',
    (expr) => {
      expect(() => parseCron(expr)).not.toThrow()
    },
  )
})

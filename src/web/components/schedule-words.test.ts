import { describe, expect, it } from 'vitest'
import { scheduleWords } from './schedule-words.js'

describe('scheduleWords', () => {
  it.each([
    [{ every: 86_400_000 }, 'every day'],
    [{ every: 6 * 3_600_000 }, 'every 6 hours'],
    [{ every: 30 * 60_000 }, 'every 30 minutes'],
    [{ every: 604_800_000 }, 'every week'],
    [{ every: 90_000 }, 'every 1m30s'],
    [{ cron: '0 3 * * *', tz: 'Europe/Berlin' }, 'daily at 03:00 (Europe/Berlin)'],
    [{ cron: '30 2 * * 0', tz: 'UTC' }, 'weekly on Sun at 02:30 UTC'],
    [{ cron: '15 4 1 * *', tz: 'UTC' }, 'monthly on day 1 at 04:15 UTC'],
    [{ cron: '5 * * * *', tz: 'UTC' }, 'hourly at :05'],
    [{ cron: '0 */4 * * *', tz: 'UTC' }, 'every 4 hours at :00'],
    [{ cron: '*/15 * * * *', tz: 'UTC' }, 'every 15 minutes'],
    [{ cron: '0 3 * * 1-5', tz: 'UTC' }, 'cron 0 3 * * 1-5 UTC'],
  ])('%j → %s', (schedule, words) => {
    expect(scheduleWords(schedule)).toBe(words)
  })
})

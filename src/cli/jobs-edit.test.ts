// `jobs edit`'s PATCH body: --schedule is a duration (every) or else a cron expression kept in
// the job's zone.
import { describe, expect, it } from 'vitest'
import type { JobView } from '../api/present-job.js'
import { parseCommand } from './cli-flags.js'
import { editBody } from './jobs-edit.js'
import { JOBS } from './jobs-spec.js'

const job = {
  slug: 'db',
  schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' },
  policy: null,
} as unknown as JobView
const body = (...argv: string[]) => editBody(parseCommand(JOBS, ['edit', 'db', ...argv]), job)

describe('editBody', () => {
  it('--schedule with a duration is every, with anything else a cron in the job’s zone', () => {
    expect(body('--schedule', ' 1h30m ')).toEqual({ schedule: { every: '1h30m' } })
    expect(body('--schedule', '30 3 * * *')).toEqual({
      schedule: { cron: '30 3 * * *', tz: 'Europe/Berlin' },
    })
  })

  it('--tz is refused with a duration schedule', () => {
    expect(() => body('--schedule', '1d', '--tz', 'UTC')).toThrow('--tz is for a cron schedule')
  })
})

// The request limits (config `limits:`) as API answers: 413 for a request carrying more entries
// than allowed, 422 for a report that would create more jobs than allowed. Each message names
// the limit and the setting that raises it.

import { TooManyJobs } from '../app/reports/too-many-jobs.js'
import { LIMIT_SETTINGS } from '../config/limits-spec.js'
import { HttpError } from '../http/http-error.js'
import { TooManyEntries } from '../ingest/reports/too-many-entries.js'

/** The API error for a limit error, or null for any other error. */
export function limitError(err: unknown): HttpError | null {
  if (err instanceof TooManyEntries) {
    const { limit, what, source, count, max } = err.over
    const setting = LIMIT_SETTINGS[limit]
    return new HttpError(
      413,
      'too_many_entries',
      `${source} has ${count} ${what}; one request may carry at most ${max} (setting ${setting}). ` +
        `Send it in parts, or raise ${setting}.`,
      { setting, limit: max, count },
    )
  }
  if (err instanceof TooManyJobs) {
    const setting = LIMIT_SETTINGS.jobsPerRequest
    return new HttpError(
      422,
      'too_many_jobs',
      `the report would create ${err.count} jobs; one request may create at most ${err.max} ` +
        `(setting ${setting}). Nothing was stored. Create the jobs first (POST /api/v1/jobs), ` +
        `send the report in parts, or raise ${setting}.`,
      { setting, limit: err.max, count: err.count },
    )
  }
  return null
}

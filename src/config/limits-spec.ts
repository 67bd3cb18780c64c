// `limits:` in the config file: what one request may make the server do. A request over a limit
// is refused whole, before anything is written (413 for too many entries, 422 for too many jobs
// to create), with a message naming the setting to raise.
//
//   limits:
//     jobs_per_request: 100       # jobs one run report may create (a status file: one per new profile)
//     profiles_per_file: 1000     # profiles in one resticprofile status file
//     runs_per_request: 5000      # runs one request may record (a status file's profile × command entries)
//     snapshots_per_list: 100000  # snapshots in one snapshot list (POST /api/v1/jobs/{id}/snapshots)
import { z } from 'zod'
import { zodErrorOptions as E } from './zod-messages.js'

export interface RequestLimits {
  jobsPerRequest: number
  profilesPerFile: number
  runsPerRequest: number
  snapshotsPerList: number
}

export const DEFAULT_LIMITS: RequestLimits = {
  jobsPerRequest: 100,
  profilesPerFile: 1000,
  runsPerRequest: 5000,
  snapshotsPerList: 100_000,
}

/** The config key of each limit, for messages that tell the user what to raise. */
export const LIMIT_SETTINGS: Record<keyof RequestLimits, string> = {
  jobsPerRequest: 'limits.jobs_per_request',
  profilesPerFile: 'limits.profiles_per_file',
  runsPerRequest: 'limits.runs_per_request',
  snapshotsPerList: 'limits.snapshots_per_list',
}

const count = (max: number) => z.int(E).min(1, E).max(max, E).optional()

export const limitsSchema = z
  .strictObject(
    {
      jobs_per_request: count(1_000_000),
      profiles_per_file: count(1_000_000),
      runs_per_request: count(1_000_000),
      snapshots_per_list: count(10_000_000),
    },
    E,
  )
  .nullish()
  .transform(
    (l): RequestLimits => ({
      jobsPerRequest: l?.jobs_per_request ?? DEFAULT_LIMITS.jobsPerRequest,
      profilesPerFile: l?.profiles_per_file ?? DEFAULT_LIMITS.profilesPerFile,
      runsPerRequest: l?.runs_per_request ?? DEFAULT_LIMITS.runsPerRequest,
      snapshotsPerList: l?.snapshots_per_list ?? DEFAULT_LIMITS.snapshotsPerList,
    }),
  )

// Settings a job created by a report or a ping starts with: its environment's
// `policies.<env>.job_defaults`, else `policies.default.job_defaults`, else the built-in ones.
// The policies come from the store (config file and API alike) through the PolicyCache.
import { specColumns } from '../bootstrap/job-columns.js'
import type { JobSpec } from '../config/job-spec.js'
import type { JobSettingsPatch } from '../store/store.js'

/** `jobDefaultsOf(name)`: the job_defaults of the policy stored under exactly that name. */
export function jobDefaultsFor(jobDefaultsOf: (environment: string) => JobSpec | null | undefined) {
  return (environment: string | null): JobSettingsPatch => {
    const spec = (environment !== null ? jobDefaultsOf(environment) : null) ?? jobDefaultsOf('default')
    return spec ? specColumns(spec) : {}
  }
}

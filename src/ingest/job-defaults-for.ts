// Settings a job created by a report or a ping starts with: its environment's
// `policies.<env>.job_defaults`, else `policies.default.job_defaults`, else the built-in ones.
import { specColumns } from '../bootstrap/job-columns.js'
import type { JobSpec } from '../config/job-spec.js'
import type { JobSettingsPatch } from '../store/store.js'

export function jobDefaultsFor(defaults: Record<string, JobSpec>) {
  return (environment: string | null): JobSettingsPatch => {
    const spec = (environment !== null ? defaults[environment] : undefined) ?? defaults.default
    return spec ? specColumns(spec) : {}
  }
}

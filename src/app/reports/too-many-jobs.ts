// A run report that would create more jobs than one request may create (config
// `limits.jobs_per_request`) is refused whole, before anything is written. The API answers 422
// and names the setting to raise.

export class TooManyJobs extends Error {
  override name = 'TooManyJobs'
  constructor(
    readonly count: number,
    readonly max: number,
  ) {
    super(`the report would create ${count} jobs, more than the ${max} allowed`)
  }
}

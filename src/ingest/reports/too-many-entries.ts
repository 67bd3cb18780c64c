// A tool output with more profiles, runs or snapshots than one request may carry (config
// `limits:`) is refused whole, before anything is written. The API answers 413 and names the
// setting to raise.

/** The request limits an output's entries are counted against (config `limits:`, RequestLimits). */
export type EntriesLimit = 'profilesPerFile' | 'runsPerRequest' | 'snapshotsPerList'

export interface EntriesOverLimit {
  limit: EntriesLimit
  /** what was counted, e.g. "profiles" */
  what: string
  /** what held them, e.g. "the resticprofile status file" */
  source: string
  count: number
  max: number
}

/** A tool output with more profiles, runs or snapshots than one request may carry. */
export class TooManyEntries extends Error {
  override name = 'TooManyEntries'
  constructor(readonly over: EntriesOverLimit) {
    super(`${over.source} has ${over.count} ${over.what}, more than the ${over.max} allowed`)
  }
}

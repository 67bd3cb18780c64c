// The shapes every health rule speaks (issue 4): a rule is a pure function from facts (and `now`,
// passed in) to the alert it wants for its one alert type.
import type { Severity } from '../types.js'

export interface AlertSpec {
  severity: Severity
  summary: string
  details: Record<string, unknown>
}

/** The alert a rule wants for its type: this content (open it, or keep/update it), or null (resolve it). */
export type Desired = AlertSpec | null

/** A time-driven rule also says when its answer can next change (null: not by time alone). */
export interface TimedDesired {
  alert: Desired
  recheckAt: number | null
}

export interface RuleJob {
  slug: string
  serverName: string | null
  paused: boolean
  createdAt: number
}

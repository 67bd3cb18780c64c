// Projects (issue 12): one team's or customer's fleet. Every job, server, run, alert, channel,
// silence, policy and token belongs to one; project 1 `default` holds what existed before.
export interface ProjectRecord {
  id: number
  slug: string
  name: string
  /** the key of its slug ping URLs, /ping/<ping_key>/<slug> */
  pingKey: string
  /** default (project 1) | config | api */
  source: 'default' | 'config' | 'api'
  createdAt: number
  updatedAt: number
}

export const DEFAULT_PROJECT_ID = 1
export const DEFAULT_PROJECT_SLUG = 'default'

/** Lower-case letters, digits and dashes, starting with a letter or digit: safe in URLs and headers. */
export const PROJECT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/

import { z } from 'zod'
import { httpUrl, required } from './settings-fields.js'

export const opsgenieSettings = z.strictObject({
  /** an API integration key (sent as `Authorization: GenieKey <key>`) */
  api_key: required('opsgenie api_key'),
  /**
   * Alert API base: https://api.opsgenie.com (default), https://api.eu.opsgenie.com (EU), or for
   * Jira Service Management Ops https://api.atlassian.com/jsm/ops/integration
   */
  api_url: httpUrl('opsgenie api_url').default('https://api.opsgenie.com'),
})
export type OpsgenieSettings = z.infer<typeof opsgenieSettings>

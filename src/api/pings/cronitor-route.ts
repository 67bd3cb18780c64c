// HTTP adapter for the Cronitor ping forms (SPEC §2.2): 200 `OK` as the Healthchecks endpoints.
import type { PingEndpoint } from '../../http/app-server.js'
import { parseCronitorPing } from '../../ingest/cronitor-path.js'
import { dialectRoute, type PingSubmitDeps, textAnswer } from './ping-submit.js'

export function cronitorRoute(deps: PingSubmitDeps): PingEndpoint {
  return dialectRoute(deps, 'cronitor', parseCronitorPing, textAnswer(deps.bodyLimit))
}

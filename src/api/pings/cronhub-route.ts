// HTTP adapter for the Cronhub ping forms (SPEC §2.2): 200 `OK` as the Healthchecks endpoints.
import type { PingEndpoint } from '../../http/app-server.js'
import { parseCronhubPing } from '../../ingest/cronhub-path.js'
import { dialectRoute, type PingSubmitDeps, textAnswer } from './ping-submit.js'

export function cronhubRoute(deps: PingSubmitDeps): PingEndpoint {
  return dialectRoute(deps, 'cronhub', parseCronhubPing, textAnswer(deps.bodyLimit))
}

// HTTP adapter for Uptime Kuma's push form (SPEC §2.2), mounted at /api/push/: Kuma's JSON
// answers, `{"ok":true}` or 404 `{"ok":false,"msg":"not found"}`.
import type { PingEndpoint } from '../../http/app-server.js'
import { parseKumaPush } from '../../ingest/kuma-path.js'
import { dialectRoute, kumaAnswer, type PingSubmitDeps } from './ping-submit.js'

export function kumaRoute(deps: PingSubmitDeps): PingEndpoint {
  return dialectRoute(deps, 'kuma', parseKumaPush, kumaAnswer(deps.bodyLimit))
}

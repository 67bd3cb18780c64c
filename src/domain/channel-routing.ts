// What a channel wants to receive, as its config declares it: the routing decision itself is
// notify/routing.ts's; the config builds these settings without loading notify.
export interface ChannelRouting {
  name: string
  /** the least severity sent */
  minSeverity: 'critical' | 'warning' | 'info'
  /** each present list must contain the alert's value (tags: any of them) */
  match: { environment?: string[]; tags?: string[]; types?: string[]; servers?: string[] }
  sendResolved: boolean
  mode: 'immediate' | 'digest'
}

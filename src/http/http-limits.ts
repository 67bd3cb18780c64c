// What one connection may hold: how long it may take to send its headers (counted from the
// moment it opens, so a connection that never sends a byte is closed too), how long the whole
// request may take, and how many connections are open at once (more are refused at accept).
import type http from 'node:http'

export interface HttpLimits {
  /** complete headers within this many ms of the connection opening (later requests: of their first byte) */
  headersTimeoutMs: number
  /** the whole request, body included */
  requestTimeoutMs: number
  /** an idle keep-alive connection is closed after this many ms */
  keepAliveTimeoutMs: number
  /** connections beyond this are closed as soon as they are accepted */
  maxConnections: number
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  // above the 60 s idle timeout of common proxies, so they never reuse a connection we close
  keepAliveTimeoutMs: 65_000,
  maxConnections: 1000,
}

export function serverOptions(limits: HttpLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts above on this period (30 s by default): a tenth of the
    // headers timeout keeps them within 10 %.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 10))),
  }
}

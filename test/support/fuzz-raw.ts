// Broken or odd request heads the fuzzer sends as raw bytes (an HTTP client would refuse to send
// most of them): targets `new URL` rejects, bad framing, oversized heads, pipelining, non-HTTP
// bytes, and requests left incomplete (answered 408 once the server's timeouts pass).
import type { Rng } from './fuzz-random.js'

const H = 'Host: x\r\n'
/** Broken or odd request heads, as bytes. */
export const RAW_REQUESTS: ((r: Rng) => string)[] = [
  () => `GET //[ HTTP/1.1\r\n${H}\r\n`,
  () => `GET //a:99999/ HTTP/1.1\r\n${H}\r\n`,
  () => `GET /\\\\ HTTP/1.1\r\n${H}\r\n`,
  () => `GET http://evil/api/v1/info HTTP/1.1\r\n${H}\r\n`,
  () => `GET * HTTP/1.1\r\n${H}\r\n`,
  () => `OPTIONS * HTTP/1.1\r\n${H}\r\n`,
  () => `CONNECT evil:443 HTTP/1.1\r\n${H}\r\n`,
  () => `GET / HTTP/9.9\r\n${H}\r\n`,
  () => 'GET /\r\n\r\n',
  () => `GET /healthz HTTP/1.1\n${H}\n`,
  () => `GET /a b HTTP/1.1\r\n${H}\r\n`,
  () => `GET /healthz HTTP/1.1\r\nNoColon\r\n\r\n`,
  () => `POST /api/v1/jobs HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n`,
  () => `POST /api/v1/jobs HTTP/1.1\r\n${H}Content-Length: 1, 2\r\n\r\n`,
  () => `POST /ping/x HTTP/1.1\r\n${H}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
  () => `POST /ping/x HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`,
  () => `GET /healthz HTTP/1.1\r\nX: a\u0000b\r\n\r\n`,
  () => `GET /healthz HTTP/1.1\r\n${H}X: a\r\n folded\r\n\r\n`,
  (r) => `GET /${'a'.repeat(r.pick([9000, 20_000]))} HTTP/1.1\r\n${H}\r\n`,
  (r) => `GET /healthz HTTP/1.1\r\n${'X-H: v\r\n'.repeat(r.pick([100, 3000]))}\r\n`,
  () => `GET /healthz HTTP/1.1\r\n${H}\r\nGET /readyz HTTP/1.1\r\n${H}\r\nGET //[ HTTP/1.1\r\n\r\n`,
  () => '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
  (r) => Array.from({ length: 1 + r.int(300) }, () => String.fromCharCode(r.int(256))).join(''),
  () => `GET /api/v1/info HTTP/1.1\r\n${H}`,
  () => `POST /api/v1/runs HTTP/1.1\r\n${H}Content-Length: 100\r\n\r\n{"job":`,
]

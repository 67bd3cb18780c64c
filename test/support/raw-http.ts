// Sends bytes over a plain TCP socket and reads the answer: for what fetch would refuse or
// normalise (`/x/../y`, `//[`, absolute form, partial requests, oversized heads), and to see
// whether the server closes the connection after answering.
import net from 'node:net'

export interface RawAnswer {
  /** null when the server answered nothing */
  status: number | null
  headers: Record<string, string>
  body: string
  /** the server closed the connection (within `lingerMs` of a complete answer) */
  closed: boolean
}

export interface RawOptions {
  /** after a complete answer, how long to wait for the server to close the connection */
  lingerMs?: number
  /** give up (and report what arrived) after this long */
  timeoutMs?: number
}

function parse(data: Buffer): {
  status: number | null
  headers: Record<string, string>
  body: string
  complete: boolean
} {
  const text = data.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  if (end === -1) return { status: null, headers: {}, body: '', complete: false }
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const body = data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'))
  const length = Number(headers['content-length'] ?? 0)
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? Number.NaN)
  return {
    status: Number.isNaN(status) ? null : status,
    headers,
    body: body.toString('utf8'),
    complete: body.length >= length,
  }
}

/** Connects to `url`'s host and port, writes `data`, and reads one answer. */
export function rawExchange(url: string, data: string | Buffer, opts: RawOptions = {}): Promise<RawAnswer> {
  const { lingerMs = 300, timeoutMs = 5000 } = opts
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname)
    const chunks: Buffer[] = []
    let linger: NodeJS.Timeout | undefined
    const finish = (closed: boolean) => {
      clearTimeout(linger)
      clearTimeout(timer)
      socket.destroy()
      const { status, headers, body } = parse(Buffer.concat(chunks))
      resolve({ status, headers, body, closed })
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('error', () => {})
    socket.on('close', () => finish(true))
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      if (linger === undefined && parse(Buffer.concat(chunks)).complete) {
        linger = setTimeout(() => finish(false), lingerMs)
      }
    })
    socket.write(data)
  })
}

/** A request head (HTTP/1.1, Host set) followed by `body`. */
export function rawRequest(
  method: string,
  target: string,
  headers: Record<string, string | number> = {},
  body = '',
): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: localhost']
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  return `${lines.join('\r\n')}\r\n\r\n${body}`
}

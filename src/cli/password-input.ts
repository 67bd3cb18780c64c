// Reads a new password for `backwatch users`: from a terminal without echo (asked twice), or with
// --password-stdin from standard input (one line; scripts and secret managers). Never printed.
import { CliError } from './api-client.js'

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/** One line typed on the terminal, not echoed. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin
  const out = process.stderr
  out.write(prompt)
  input.setRawMode(true)
  input.resume()
  input.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    let typed = ''
    const done = (err: Error | null) => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      out.write('\n')
      if (err) reject(err)
      else resolve(typed)
    }
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') return done(null)
        if (ch === '\u0003' || ch === '\u0004') return done(new CliError('aborted', 130))
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1)
        else typed += ch
      }
    }
    input.on('data', onData)
  })
}

export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return (await readAll(process.stdin)).replace(/\r?\n$/, '')
  if (!process.stdin.isTTY) {
    throw new CliError('no terminal to ask for the password on: pipe it in with --password-stdin', 2)
  }
  const first = await askHidden('New password: ')
  const again = await askHidden('Repeat the password: ')
  if (first !== again) throw new CliError('the two passwords differ')
  return first
}

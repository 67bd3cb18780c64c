// Reports that could not be delivered wait here for the next invocation: one JSON file per
// report, written atomically (tmp + rename), mode 0600 in a 0700 directory, never holding a
// token (API reports are sent later with the token of the invocation that sends them). File
// names start with the creation time, so sorting them gives creation order. A sender claims a
// file by renaming it (`<name>.claim-<pid>`), so two invocations never send the same report; a
// claim whose process is gone is taken over.
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'

export interface SpoolEntry {
  version: 1
  /** ISO 8601 UTC */
  created_at: string
  /** api: sent with a token to the same Backwatch URL; ping: a Healthchecks-style URL, no token */
  target: 'api' | 'ping'
  url: string
  method: string
  content_type: string | null
  body: string | null
  body_encoding: 'utf8' | 'base64'
  /** for messages: "end of job db01-nightly (exit 0)" */
  description: string
}

export type NewSpoolEntry = Omit<SpoolEntry, 'version' | 'created_at'>

export interface PendingEntry {
  /** the file name without any claim suffix */
  name: string
  /** where the file is now */
  path: string
}

export const MAX_ENTRIES = 1000
const NAME = /^(\d{13})-\d+-\d{6}-[0-9a-f]{8}\.json$/
const CLAIM = /^(.+\.json)\.claim-(\d+)$/
const STALE_TMP_MS = 3600_000

let seq = 0

function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function encodeBody(body: Buffer | null, asText: boolean): Pick<SpoolEntry, 'body' | 'body_encoding'> {
  if (body === null) return { body: null, body_encoding: 'utf8' }
  return asText
    ? { body: body.toString('utf8'), body_encoding: 'utf8' }
    : { body: body.toString('base64'), body_encoding: 'base64' }
}

export function decodeBody(entry: SpoolEntry): Buffer | null {
  if (entry.body === null) return null
  return Buffer.from(entry.body, entry.body_encoding === 'base64' ? 'base64' : 'utf8')
}

export class Spool {
  constructor(
    readonly dir: string,
    private readonly notice: (message: string) => void = () => {},
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** Writes a report; returns its file name. Throws when the directory cannot be written. */
  add(entry: NewSpoolEntry, now = Date.now()): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const name = `${String(now).padStart(13, '0')}-${process.pid}-${String(seq++ % 1e6).padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`
    const full: SpoolEntry = { version: 1, created_at: new Date(now).toISOString(), ...entry }
    const tmp = join(this.dir, `.tmp-${name}`)
    const fd = openSync(tmp, 'wx', 0o600)
    try {
      writeSync(fd, JSON.stringify(full))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, join(this.dir, name))
    this.trim()
    return name
  }

  /** Removes a report (by name, claimed or not); false when it is gone already. */
  remove(name: string): boolean {
    try {
      unlinkSync(join(this.dir, name))
      return true
    } catch {
      return false
    }
  }

  private files(): string[] {
    try {
      return readdirSync(this.dir)
    } catch {
      return []
    }
  }

  /** Reports waiting, oldest first: unclaimed ones and those claimed by a process that is gone. */
  pending(): PendingEntry[] {
    const out: PendingEntry[] = []
    const now = Date.now()
    for (const file of this.files()) {
      if (NAME.test(file)) {
        out.push({ name: file, path: join(this.dir, file) })
        continue
      }
      const claim = CLAIM.exec(file)
      if (claim && NAME.test(claim[1]!) && !alive(Number(claim[2]))) {
        out.push({ name: claim[1]!, path: join(this.dir, file) })
        continue
      }
      if (file.startsWith('.tmp-')) {
        // left by a process that died while writing
        try {
          if (now - statSync(join(this.dir, file)).mtimeMs > STALE_TMP_MS) unlinkSync(join(this.dir, file))
        } catch {
          // gone already
        }
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Takes a report for sending; null when another process took it first. */
  claim(entry: PendingEntry): string | null {
    const claimed = join(this.dir, `${entry.name}.claim-${process.pid}`)
    try {
      renameSync(entry.path, claimed)
      return claimed
    } catch {
      return null
    }
  }

  /** Puts a claimed report back for a later invocation. */
  release(entry: PendingEntry, claimed: string): void {
    try {
      renameSync(claimed, join(this.dir, entry.name))
    } catch {
      // removed meanwhile
    }
  }

  /** Reads a report; null (and the file removed) when it is not one. */
  read(path: string): SpoolEntry | null {
    try {
      const entry = JSON.parse(readFileSync(path, 'utf8')) as SpoolEntry
      if (entry?.version === 1 && typeof entry.url === 'string' && typeof entry.method === 'string')
        return entry
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    }
    this.notice(`dropped an unreadable spool file ${path}`)
    try {
      unlinkSync(path)
    } catch {
      // gone already
    }
    return null
  }

  /** Keeps at most maxEntries reports: the oldest go first. */
  private trim(): void {
    const files = this.files()
      .filter((f) => NAME.test(f))
      .sort()
    for (const file of files.slice(0, Math.max(0, files.length - this.maxEntries))) {
      if (this.remove(file))
        this.notice(`spool full (${this.maxEntries} reports): dropped the oldest, ${file}`)
    }
  }

  /** Creation time of a report, from its name. */
  static createdAt(name: string): number {
    return Number(NAME.exec(name)?.[1] ?? 0)
  }
}

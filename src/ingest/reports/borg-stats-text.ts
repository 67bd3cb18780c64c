// borg's `--stats` text (borg 1.2, also as borgmatic logs it) → one BorgArchive per archive
// created. This is what a Healthchecks-style ping body carries when borgmatic's healthchecks hook
// sends its log after `borgmatic create --stats`:
//
//   Repository: /srv/lab/borgmatic/repo1
//   Archive name: vm-2026-11-22T05:36:38.835994
//   Archive fingerprint: afe53c95…
//   Time (start): Sun, 2026-11-22 05:36:38
//   Time (end):   Sun, 2026-11-22 05:36:38
//   Duration: 0.01 seconds
//   Number of files: 28
//   …
//                          Original size      Compressed size    Deduplicated size
//   This archive:                8.61 MB            243.71 kB                572 B
//   All archives:               34.44 MB            972.59 kB            251.33 kB
//
// Sizes: borg 1.2 prints 1000-based units (B, kB, MB, GB, TB, …; bytes as an integer, larger
// units with two decimals), and 1024-based ones (KiB, MiB, …) with --iec. A value is read as
// printed (8.61 MB = 8 610 000 bytes): the text holds no more precision. Only the "This
// archive:" row is the run's; "All archives:" and prune's "Deleted data:" are repository totals.
// An archive counts only when its "This archive:" row reads completely; anything partial or
// garbled yields no archive (never a guess, never an error). The times are the host's naive
// local time, kept as text.
import type { BorgArchive } from './borg-create.js'

const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 }
const BINARY: Record<string, number> = {
  K: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
  P: 2 ** 50,
  E: 2 ** 60,
}

const SIZE = String.raw`(\d{1,4}(?:\.\d{1,2})?) ([kKMGTPE]?i?B)`
const THIS_ARCHIVE = new RegExp(String.raw`(?:^|\s)This archive:\s+${SIZE}\s+${SIZE}\s+${SIZE}\s*$`)
// the name only: the value is the rest of the line, trimmed (a lazy `(.*?)\s*$` took quadratic
// time on a long run of spaces, and this reads the log of every ping-fed run that ends)
const FIELD =
  /(?:^|\s)(Repository|Archive name|Archive fingerprint|Time \(start\)|Time \(end\)|Duration|Number of files):/
const DURATION = /^(?:(\d+) days? )?(?:(\d+) hours? )?(?:(\d+) minutes? )?(\d+(?:\.\d+)?) seconds?$/

/** A size as borg prints it ("557 B", "8.61 MB", "1.50 GiB") in bytes, or null. */
export function borgSizeBytes(value: string, unit: string): number | null {
  const m = /^([kKMGTPE]?)(i?)B$/.exec(unit)
  if (!m) return null
  const [, prefix = '', iec] = m
  const factor = iec ? BINARY[prefix] : prefix === 'K' ? undefined : DECIMAL[prefix]
  if (factor === undefined) return null
  if (prefix === '' && value.includes('.')) return null // borg prints bytes as an integer
  const bytes = Math.round(Number(value) * factor)
  return Number.isSafeInteger(bytes) ? bytes : null
}

/** borg's format_timedelta ("1 hours 2 minutes 3.45 seconds") in milliseconds, or null. */
export function borgDurationMs(text: string): number | null {
  const m = DURATION.exec(text)
  if (!m) return null
  const [, d = '0', h = '0', min = '0', s = '0'] = m
  const ms = Math.round(((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000)
  return Number.isSafeInteger(ms) ? ms : null
}

interface Block {
  fields: Map<string, string>
  sizes: [number, number, number] | null
}

const newBlock = (): Block => ({ fields: new Map(), sizes: null })

/** The archives the text's stats describe, in order; empty when it holds none. */
export function parseBorgStatsText(text: string): BorgArchive[] {
  const archives: BorgArchive[] = []
  let block = newBlock()
  const finish = () => {
    if (block.sizes) archives.push(toArchive(block))
    block = newBlock()
  }
  for (const line of text.split(/\r?\n/)) {
    const sizes = THIS_ARCHIVE.exec(line)
    if (sizes) {
      const [o, c, d] = [1, 3, 5].map((k) => borgSizeBytes(sizes[k]!, sizes[k + 1]!))
      block.sizes = o != null && c != null && d != null ? [o, c, d] : null
      if (block.sizes) finish()
      continue
    }
    const field = FIELD.exec(line)
    if (!field) continue
    const [whole, name = ''] = field
    const value = line.slice(field.index + whole.length).trim()
    // a field seen twice starts the next archive (its stats row was cut off or garbled)
    if (block.fields.has(name)) block = newBlock()
    block.fields.set(name, value)
  }
  return archives
}

function toArchive(b: Block): BorgArchive {
  const text = (name: string) => {
    const v = b.fields.get(name)
    return v === undefined || v === '' ? null : v
  }
  const files = text('Number of files')
  const nfiles = files !== null && /^\d{1,15}$/.test(files) ? Number(files) : null
  const duration = text('Duration')
  const durationMs = duration === null ? null : borgDurationMs(duration)
  const [originalSize, compressedSize, deduplicatedSize] = b.sizes!
  return {
    repository: text('Repository'),
    archive: text('Archive name'),
    archiveId: text('Archive fingerprint'),
    originalSize,
    compressedSize,
    deduplicatedSize,
    nfiles,
    duration: durationMs === null ? null : durationMs / 1000,
    durationMs,
    start: text('Time (start)'),
    end: text('Time (end)'),
    startedAt: null,
    finishedAt: null,
  }
}

#!/usr/bin/env node
// Line counts of src/**/*.ts, tests included (issue 11: no file over 400 lines, median ≤ 120).
// Usage: node scripts/file-sizes.mjs [folder] — prints max, median and the files over the limit.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const LIMIT = 400
const root = process.argv[2] ?? 'src'

function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* tsFiles(path)
    else if (entry.name.endsWith('.ts')) yield path
  }
}

// Counted like `wc -l`: the number of newline characters.
const lineCount = (path) => readFileSync(path, 'utf8').split('\n').length - 1

const sizes = [...tsFiles(root)]
  .map((path) => ({ path: relative('.', path), lines: lineCount(path) }))
  .sort((a, b) => b.lines - a.lines)
const counts = sizes.map((s) => s.lines).sort((a, b) => a - b)
const mid = Math.floor(counts.length / 2)
const median = counts.length % 2 ? counts[mid] : (counts[mid - 1] + counts[mid]) / 2

console.log(`files: ${sizes.length}`)
console.log(`max: ${sizes[0]?.lines ?? 0} (${sizes[0]?.path ?? '-'})`)
console.log(`median: ${median}`)
const over = sizes.filter((s) => s.lines > LIMIT)
console.log(`over ${LIMIT}: ${over.length}`)
for (const s of over) console.log(`  ${s.lines} ${s.path}`)

// External tools (borg, borgmatic, restic…): a test may skip with a notice when one is absent,
// unless BACKWATCH_REQUIRE_REAL_TOOLS=1 (CI), where a missing tool is a failure.
import { spawnSync } from 'node:child_process'

export function hasTool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0
  if (found) return true
  if (process.env.BACKWATCH_REQUIRE_REAL_TOOLS === '1') {
    throw new Error(`${name} is required (BACKWATCH_REQUIRE_REAL_TOOLS=1) but not installed`)
  }
  console.warn(`notice: ${name} is not installed; tests that need it are skipped`)
  return false
}

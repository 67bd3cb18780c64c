// Tests that start several server processes and drive load through them: run after the others,
// one file at a time, so no other test competes with them for the CPU.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.solo.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results-solo.json' }]],
  },
})

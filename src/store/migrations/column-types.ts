// The column types that differ between the dialects, for the migrations.
import type { DialectKind } from '../migrations.js'

export function types(kind: DialectKind) {
  return kind === 'postgres'
    ? ({ id: 'bigserial', blob: 'bytea', big: 'bigint' } as const)
    : ({ id: 'integer', blob: 'blob', big: 'integer' } as const)
}

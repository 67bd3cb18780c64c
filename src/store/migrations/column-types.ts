// The column types and the key that differ between the dialects, for the migrations.
import type { ColumnDefinitionBuilder } from 'kysely'
import type { DialectKind } from '../migrations.js'

export function types(kind: DialectKind) {
  return kind === 'postgres'
    ? ({ id: 'bigserial', blob: 'bytea', big: 'bigint' } as const)
    : ({ id: 'integer', blob: 'blob', big: 'integer' } as const)
}

/** The `id` key of type `types(kind).id`: SQLite needs AUTOINCREMENT so an id is never reused. */
export function primaryId(kind: DialectKind) {
  return (c: ColumnDefinitionBuilder) =>
    kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
}

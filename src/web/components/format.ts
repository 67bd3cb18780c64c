// The dashboard's formatting helpers are domain/format.ts (the CLI shares them); pages and the
// dashboard script import them from here.
export * from '../../domain/format.js'

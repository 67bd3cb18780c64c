// The messages of every schema of the config file and the REST API: short, saying what to fix,
// never quoting the input value (it may be a secret).
import type { z } from 'zod'

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
}

/** The kind of a value, for messages. Never the value itself: it may be a secret. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string':
      return 'a string'
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number'
    case 'boolean':
      return 'a boolean'
    case 'object':
      return 'an object'
    default:
      return `a ${typeof value}`
  }
}

/**
 * Error map attached to every schema of config/, so whoever parses with them (config loader, API) gets
 * the same short messages. Messages never quote the input value.
 */
export function issueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'required'
      const format = (iss.inst as { _zod?: { def?: { format?: string } } } | undefined)?._zod?.def?.format
      const kind = iss.expected === 'number' && format?.endsWith('int') ? 'int' : iss.expected
      const expected = TYPE_NAMES[kind] ?? kind
      if (iss.expected === 'int' && typeof iss.input === 'number') return 'must be an integer'
      return `must be ${expected}, got ${describeValue(iss.input)}`
    }
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => String(v)).join(', ')}`
    case 'too_small': {
      const min = Number(iss.minimum)
      if (iss.origin === 'string') {
        return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`
      }
      if (iss.origin === 'array') return `must have at least ${min} item${min === 1 ? '' : 's'}`
      return `must be at least ${min}`
    }
    case 'too_big': {
      const max = Number(iss.maximum)
      if (iss.origin === 'string') return `must be at most ${max} characters long`
      if (iss.origin === 'array') return `must have at most ${max} items`
      return `must be at most ${max}`
    }
    case 'unrecognized_keys':
      return 'unknown key'
    default:
      return undefined
  }
}

/** The error map every schema of the config file and the REST API is built with. */
export const zodErrorOptions = { error: issueMessage }

// `tokens:` in the config file: API tokens given in the file or, better, by the name of an
// environment variable (`token_env`). Token values never appear in messages.
import { z } from 'zod'
import { TOKEN_SCOPES } from '../domain/access.js'
import { zodErrorOptions as E } from './zod-messages.js'

export const MIN_TOKEN_LENGTH = 16

const TOKEN_NAME_RE = /^[A-Za-z0-9._-]+$/
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

export function tokenSchema(env: NodeJS.ProcessEnv) {
  return z
    .strictObject(
      {
        name: z
          .string(E)
          .min(1, { ...E, abort: true })
          .max(100, E)
          .regex(TOKEN_NAME_RE, 'must contain only letters, digits, ".", "-" and "_"'),
        scope: z.enum(TOKEN_SCOPES, E),
        // token values are never echoed in messages
        token: z.string(E).optional(),
        token_env: z.string(E).regex(ENV_NAME_RE, 'must be an environment variable name').optional(),
      },
      E,
    )
    .transform((t, ctx) => {
      let token: string | undefined
      if (t.token !== undefined && t.token_env !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['token_env'],
          message: 'set either token or token_env, not both',
        })
        return z.NEVER
      }
      if (t.token !== undefined) {
        token = t.token
        const why = tokenProblem(token)
        if (why) ctx.addIssue({ code: 'custom', path: ['token'], message: why })
      } else if (t.token_env !== undefined) {
        token = env[t.token_env]
        if (token === undefined || token === '') {
          ctx.addIssue({
            code: 'custom',
            path: ['token_env'],
            message: `environment variable ${t.token_env} is not set`,
          })
        } else {
          const why = tokenProblem(token)
          if (why) {
            ctx.addIssue({
              code: 'custom',
              path: ['token_env'],
              message: `the token in environment variable ${t.token_env} ${why}`,
            })
          }
        }
      } else {
        ctx.addIssue({ code: 'custom', path: [], message: 'needs token or token_env' })
      }
      if (token === undefined) return z.NEVER
      return { name: t.name, scope: t.scope, token }
    })
}

function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `must be at least ${MIN_TOKEN_LENGTH} characters long`
  if (/[\s\u0000-\u001f\u007f]/.test(token)) return 'must not contain whitespace or control characters'
  return null
}

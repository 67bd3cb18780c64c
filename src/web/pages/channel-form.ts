// The dashboard's "Add a channel" form: the routing fields every kind shares, then one fieldset per
// kind the API accepts (command channels are the config file's only), each with that kind's
// fields named `<kind>.<key>` (`email.smtp.host`). Only the chosen kind's fields are read, into the
// same flat map POST /api/v1/channels takes. app.js shows the chosen kind's fieldset alone; without
// it every fieldset shows. Secrets are never written back into a re-rendered form.
import { redactUrl, URL_IS_SECRET } from '../../notify/channel-redact.js'
import { csrfField, inProject } from '../components/form-action.js'
import { html, type SafeHtml } from '../html.js'
import type { WebContext } from '../web-route.js'

interface Field {
  /** the key in the flat map; `smtp.host` is nested */
  key: string
  label: string
  input: 'text' | 'url' | 'password' | 'number' | 'checkbox'
  required?: true
  /** a comma-separated list (email `to`) */
  list?: true
  help?: string
}

const url = (label = 'URL', help?: string): Field => ({
  key: 'url',
  label,
  input: 'url',
  required: true,
  ...(help && { help }),
})
const secret = (key: string, label: string, required = true, help?: string): Field => ({
  key,
  label,
  input: 'password',
  ...(required && { required: true as const }),
  ...(help && { help }),
})

export const FORM_KINDS = {
  webhook: {
    label: 'Webhook',
    fields: [
      url('URL', 'Receives a JSON POST for every alert.'),
      secret('secret', 'Signing secret', false, 'Optional: whsec_<base64> (Standard Webhooks signature).'),
    ],
  },
  slack: { label: 'Slack', fields: [url('Incoming webhook URL')] },
  teams: { label: 'Microsoft Teams', fields: [url('Workflows webhook URL')] },
  discord: { label: 'Discord', fields: [url('Webhook URL')] },
  ntfy: {
    label: 'ntfy',
    fields: [
      url('Server URL', 'https://ntfy.sh or your own server.'),
      { key: 'topic', label: 'Topic', input: 'text', required: true },
      secret('token', 'Access token', false, 'Optional: for protected topics.'),
    ],
  },
  email: {
    label: 'E-mail (SMTP)',
    fields: [
      {
        key: 'to',
        label: 'To',
        input: 'text',
        required: true,
        list: true,
        help: 'Addresses, comma-separated.',
      },
      { key: 'from', label: 'From', input: 'text', required: true },
      { key: 'smtp.host', label: 'SMTP host', input: 'text', required: true },
      { key: 'smtp.port', label: 'SMTP port', input: 'number', help: '587 (STARTTLS) unless set.' },
      { key: 'smtp.secure', label: 'TLS from the start (port 465)', input: 'checkbox' },
      { key: 'smtp.user', label: 'SMTP user', input: 'text' },
      secret('smtp.password', 'SMTP password', false),
    ],
  },
  telegram: {
    label: 'Telegram',
    fields: [
      secret('bot_token', 'Bot token', true, 'From @BotFather: 123456:ABC-def.'),
      { key: 'chat_id', label: 'Chat id', input: 'text', required: true, help: 'A numeric id or @channel.' },
    ],
  },
  pushover: {
    label: 'Pushover',
    fields: [secret('token', 'Application token'), secret('user', 'User or group key')],
  },
  gotify: { label: 'Gotify', fields: [url('Server URL'), secret('token', 'Application token')] },
  pagerduty: { label: 'PagerDuty', fields: [secret('routing_key', 'Integration key (Events API v2)')] },
  opsgenie: { label: 'Opsgenie', fields: [secret('api_key', 'API key')] },
} satisfies Record<string, { label: string; fields: Field[] }>

export type FormKind = keyof typeof FORM_KINDS

const KINDS = Object.keys(FORM_KINDS) as FormKind[]
const SEVERITIES = ['info', 'warning', 'critical'] as const

const fieldsOf = (kind: FormKind): readonly Field[] => FORM_KINDS[kind].fields
const fieldName = (kind: string, f: Field) => `${kind}.${f.key}`
const fieldId = (kind: string, f: Field) => `ch-${kind}-${f.key.replace('.', '-')}`

function put(map: Record<string, unknown>, key: string, value: unknown): void {
  const [head, tail] = key.split('.') as [string, string | undefined]
  if (tail === undefined) map[head] = value
  else {
    map[head] ??= {}
    ;(map[head] as Record<string, unknown>)[tail] = value
  }
}

/** The flat map POST /api/v1/channels takes, from the form's fields of the chosen kind. */
export function channelMapFromForm(form: URLSearchParams): Record<string, unknown> {
  const map: Record<string, unknown> = {}
  const name = form.get('name')?.trim()
  const type = form.get('type') ?? ''
  if (name) map.name = name
  if (type) map.type = type
  const severity = form.get('min_severity')
  if (severity) map.min_severity = severity
  map.send_resolved = form.get('send_resolved') === 'on'
  if (!(type in FORM_KINDS)) return map
  for (const f of fieldsOf(type as FormKind)) {
    const raw = form.get(fieldName(type, f))
    if (f.input === 'checkbox') {
      if (raw === 'on') put(map, f.key, true)
      continue
    }
    const text = raw?.trim() ?? ''
    if (text === '') continue
    if (f.list)
      put(
        map,
        f.key,
        text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
    else if (f.input === 'number') put(map, f.key, /^\d+$/.test(text) ? Number(text) : text)
    else put(map, f.key, text)
  }
  return map
}

/** A value sent back into the form: never a secret, nor a URL carrying a credential. */
function shownValue(kind: string, f: Field, value: string | null): string {
  if (value === null || f.input === 'password') return ''
  if (f.input === 'url') return redactUrl(value, URL_IS_SECRET.has(kind)) === value ? value : ''
  return value
}

function field(kind: FormKind, f: Field, values: URLSearchParams): SafeHtml {
  const id = fieldId(kind, f)
  const name = fieldName(kind, f)
  const help = f.help ? html`<span class="help" id="${id}-help">${f.help}</span>` : ''
  const described = f.help ? html` aria-describedby="${id}-help"` : ''
  if (f.input === 'checkbox') {
    return html`<div class="field check"><input id="${id}" name="${name}" type="checkbox"${described} ${values.get(name) === 'on' ? 'checked' : ''}><label for="${id}">${f.label}</label>${help}</div>`
  }
  const secretNote = f.input === 'password' ? html` autocomplete="new-password"` : ''
  return html`<div class="field"><label for="${id}">${f.label}${f.required ? '' : html` <span class="muted">(optional)</span>`}</label>
<input id="${id}" name="${name}" type="${f.input}" value="${shownValue(kind, f, values.get(name))}"${described}${secretNote}>${help}</div>`
}

function fieldset(kind: FormKind, values: URLSearchParams): SafeHtml {
  return html`<fieldset class="kind-fields" data-kind="${kind}"><legend>${FORM_KINDS[kind].label} settings</legend>
<div class="field-grid">${fieldsOf(kind).map((f) => field(kind, f, values))}</div></fieldset>`
}

/** The form; `values` refills it after a refused attempt (secrets left out). */
export function channelForm(ctx: WebContext, values: URLSearchParams, problem: string | null): SafeHtml {
  const chosen = (values.get('type') ?? 'webhook') as FormKind
  const severity = values.get('min_severity') ?? 'info'
  const sendResolved = values.size === 0 || values.get('send_resolved') === 'on'
  return html`<section class="panel" aria-labelledby="add-h"><h2 id="add-h">Add a channel</h2>
${problem ? html`<div class="alert bad" role="alert" id="add-problem"><strong>The channel was not added:</strong> ${problem}</div>` : ''}
<form method="post" action="${inProject(ctx, '/channels')}" class="channel-form">
${csrfField(ctx)}
<div class="field-grid">
<div class="field"><label for="ch-name">Name</label><input id="ch-name" name="name" required value="${values.get('name') ?? ''}" aria-describedby="ch-name-help" autocomplete="off"><span class="help" id="ch-name-help">Letters, digits, ".", "-" and "_".</span></div>
<div class="field"><label for="ch-type">Type</label><select id="ch-type" name="type" data-kind-select>${KINDS.map(
    (k) => html`<option value="${k}" ${k === chosen ? 'selected' : ''}>${FORM_KINDS[k].label}</option>`,
  )}</select></div>
<div class="field"><label for="ch-severity">Least severity sent</label><select id="ch-severity" name="min_severity">${SEVERITIES.map(
    (s) => html`<option value="${s}" ${s === severity ? 'selected' : ''}>${s}</option>`,
  )}</select></div>
<div class="field check"><input id="ch-resolved" name="send_resolved" type="checkbox" ${sendResolved ? 'checked' : ''}><label for="ch-resolved">Send resolutions too</label></div>
</div>
${KINDS.map((k) => fieldset(k, values))}
<div class="actions"><button type="submit" class="button primary">Add channel</button></div>
</form></section>`
}

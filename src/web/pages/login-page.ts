// The sign-in form. The code field appears once the account turned out to need a second factor
// (a TOTP code, or one of the recovery codes); the password is typed again with it.
import { html, type SafeHtml } from '../html.js'

export interface LoginView {
  csrf: string
  next: string
  username: string
  /** what went wrong, shown above the form */
  error: string | null
  askCode: boolean
}

export function loginMain(v: LoginView): SafeHtml {
  const code = v.askCode
    ? html`<label for="code">Authentication code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus aria-describedby="code-help">
<p class="help" id="code-help">The 6-digit code from your authenticator app, or a recovery code.</p>`
    : ''
  return html`<main id="main" class="login">
<div class="login-card">
<p class="brand-large">Backwatch</p>
<h1>Sign in</h1>
${v.error ? html`<p class="alert bad" role="alert">${v.error}</p>` : ''}
<form method="post" action="/login" class="stack">
<input type="hidden" name="_csrf" value="${v.csrf}">
<input type="hidden" name="next" value="${v.next}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required value="${v.username}" ${v.username ? '' : html`autofocus`}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required ${v.username && !v.askCode ? html`autofocus` : ''}>
${code}
<button type="submit" class="button primary">Sign in</button>
</form>
</div>
</main>`
}

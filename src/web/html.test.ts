import { describe, expect, it } from 'vitest'
import { escapeHtml, html, joinHtml, SafeHtml, trustedHtml } from './html.js'

describe('html', () => {
  it('escapes < > & " and \' in text', () => {
    const name = `<script>alert("x" & 'y')</script>`
    expect(String(html`<p>${name}</p>`)).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;</p>',
    )
  })

  it('escapes attribute values so they cannot close the quote', () => {
    const v = `" onmouseover="alert(1)`
    expect(String(html`<a title="${v}" data-x='${"'><b>"}'>x</a>`)).toBe(
      `<a title="&quot; onmouseover=&quot;alert(1)" data-x='&#39;&gt;&lt;b&gt;'>x</a>`,
    )
  })

  it('refuses an unquoted attribute value', () => {
    expect(() => html`<a href=${'/x onclick=alert(1)'}>x</a>`).toThrow(/unquoted attribute/)
    // inside quotes, "=" before a value is part of the value; outside a tag it is text
    expect(String(html`<a href="/jobs?status=${'down'}">a=${1}</a>`)).toBe(
      '<a href="/jobs?status=down">a=1</a>',
    )
  })

  it('renders numbers, and nothing for null, undefined and false', () => {
    expect(String(html`${1}|${0}|${null}|${undefined}|${false}|${2.5}`)).toBe('1|0||||2.5')
  })

  it('renders arrays item by item, escaping strings and keeping SafeHtml', () => {
    const items = ['<a>', html`<b>${'&'}</b>`, ['x<', [html`<i></i>`]]]
    expect(String(html`<div>${items}</div>`)).toBe('<div>&lt;a&gt;<b>&amp;</b>x&lt;<i></i></div>')
  })

  it('keeps nested SafeHtml as is, escaped once', () => {
    const inner = html`<em>${'<x>'}</em>`
    const outer = html`<p>${inner}</p>`
    expect(String(html`<div>${outer}</div>`)).toBe('<div><p><em>&lt;x&gt;</em></p></div>')
  })

  it('has no raw path: look-alikes of SafeHtml are escaped, SafeHtml cannot be minted outside', () => {
    const fake = Object.create(SafeHtml.prototype) as SafeHtml
    const lookalike = { toString: () => '<b>', text: '<b>' }
    expect(String(html`${lookalike as never}`)).toBe('&lt;b&gt;')
    // a forged instance has no text of its own: it fails instead of passing anything through
    expect(() => html`${fake as never}`).toThrow(TypeError)
    expect(() => new SafeHtml(Symbol('SafeHtml'), '<b>')).toThrow(TypeError)
    expect(SafeHtml.is(fake)).toBe(false)
  })

  it('trustedHtml passes our constants through; joinHtml joins with an escaped separator', () => {
    expect(String(trustedHtml('<hr>'))).toBe('<hr>')
    expect(String(joinHtml([html`<i>a</i>`, html`<i>b</i>`], ' & '))).toBe('<i>a</i> &amp; <i>b</i>')
  })

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('backup-01 ok')).toBe('backup-01 ok')
  })
})

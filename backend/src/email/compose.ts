// Renders an email: the HTML and plain-text parts from one description, in the brand of the
// ticket's site, and the headers that thread every email of a ticket together.
import { LINK_REL, parseMarkdown, type MdInline } from '@deskline/contract/markdown';
import type { EmailConfig } from '../config.js';

/** Whose email it looks like: the ticket's site, or the product for tickets without one. */
export interface Brand {
  name: string;
  /** A hex colour (#rgb or #rrggbb). */
  color: string;
}

/** One email's content, as plain strings: every one of them may come from a customer. */
export interface EmailContent {
  brand: Brand;
  /** The first line of the body ("Hi Ada,"). */
  greeting: string;
  paragraphs: string[];
  /** Quoted below the text, as the customer wrote it (a ticket's subject and description). */
  quote?: { title: string; body: string };
  /** A button in HTML, a bare link in text. */
  action?: { label: string; url: string };
  /** The small print at the bottom. */
  footer: string;
}

export interface RenderedEmail {
  html: string;
  text: string;
}

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const FALLBACK_COLOR = '#4f46e5';

/** Text into HTML, as text: the five characters that could open markup or leave an attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only http(s) links become buttons: a stored javascript: or data: URL must not be clickable. */
function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Black or white text, whichever reads better on the brand colour (WCAG relative luminance). */
function textColorOn(hex: string): string {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const linear = (i: number) => {
    const channel = parseInt(full.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * linear(1) + 0.7152 * linear(3) + 0.0722 * linear(5);
  return luminance > 0.35 ? '#111827' : '#ffffff';
}

const CODE_STYLE = 'font-family:Menlo,Consolas,monospace;font-size:13px;background:#f3f4f6;border-radius:4px';

function inlineHtml(nodes: MdInline[]): string {
  return nodes
    .map((n) =>
      typeof n === 'string'
        ? escapeHtml(n).replace(/\n/g, '<br>')
        : n.t === 'code'
          ? `<code style="${CODE_STYLE};padding:1px 4px">${escapeHtml(n.v)}</code>`
          : n.t === 'a'
            ? `<a href="${escapeHtml(n.href)}" target="_blank" rel="${LINK_REL}">${inlineHtml(n.c)}</a>`
            : `<${n.t}>${inlineHtml(n.c)}</${n.t}>`,
    )
    .join('');
}

/**
 * Text someone wrote, in the Markdown subset, as email HTML: built from the contract's token tree,
 * so every character of the text itself is escaped and only http(s) and mailto links exist.
 */
export function markdownToHtml(text: string): string {
  return parseMarkdown(text)
    .map((b) =>
      b.t === 'p'
        ? `<p style="margin:0 0 8px;line-height:1.5">${inlineHtml(b.c)}</p>`
        : b.t === 'pre'
          ? `<pre style="margin:0 0 8px;padding:8px 10px;white-space:pre-wrap;${CODE_STYLE}">${escapeHtml(b.v)}</pre>`
          : `<${b.t} style="margin:0 0 8px;padding-left:24px">${b.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${b.t}>`,
    )
    .join('');
}

const paragraphHtml = (text: string) =>
  `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`;

export function renderEmail(content: EmailContent): RenderedEmail {
  // The colour is validated when a site is saved; checked again because it lands in a style attribute.
  const color = HEX_COLOR.test(content.brand.color) ? content.brand.color : FALLBACK_COLOR;
  const onColor = textColorOn(color);
  const url = content.action && safeUrl(content.action.url);
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(content.brand.name)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#111827">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0"><tr><td align="center">',
    '<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden">',
    `<tr><td style="background:${color};color:${onColor};padding:16px 24px;font-size:18px;font-weight:600">${escapeHtml(content.brand.name)}</td></tr>`,
    '<tr><td style="padding:24px;font-size:15px">',
    paragraphHtml(content.greeting),
    ...content.paragraphs.map(paragraphHtml),
    content.quote
      ? `<div style="margin:0 0 16px;padding:12px 16px;border-left:4px solid ${color};background:#f9fafb">` +
        `<p style="margin:0 0 8px;font-weight:600">${escapeHtml(content.quote.title)}</p>` +
        `${markdownToHtml(content.quote.body)}</div>`
      : '',
    url && content.action
      ? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="display:inline-block;background:${color};color:${onColor};` +
        `padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>`
      : '',
    '</td></tr>',
    `<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280">${escapeHtml(content.footer)}</td></tr>`,
    '</table></td></tr></table></body></html>',
  ].join('\n');

  const text = [
    content.greeting,
    ...content.paragraphs,
    ...(content.quote ? [`${content.quote.title}\n${content.quote.body.replace(/^/gm, '> ')}`] : []),
    ...(url && content.action ? [`${content.action.label}: ${url}`] : []),
    '-- ',
    content.footer,
  ].join('\n\n');
  return { html, text: `${text}\n` };
}

/** The domain of every Message-ID: the support mailbox's. */
const messageIdDomain = (config: EmailConfig) => config.from.address.split('@')[1] ?? 'deskline.invalid';

/**
 * The stable id every email of a ticket refers to, so mail clients show them as one thread. It is
 * never sent itself: each email has its own Message-ID and names this one as its parent.
 */
export function ticketThreadId(config: EmailConfig, ticketId: string): string {
  return `ticket-${ticketId}@${messageIdDomain(config)}`;
}

export function emailMessageId(config: EmailConfig, emailId: string): string {
  return `email-${emailId}@${messageIdDomain(config)}`;
}

/** The headers beyond From, To, Subject and Message-ID that every email carries. */
export function threadHeaders(config: EmailConfig, ticketId: string | undefined): Record<string, string> {
  const thread = ticketId ? `<${ticketThreadId(config, ticketId)}>` : undefined;
  return {
    ...(thread ? { 'In-Reply-To': thread, References: thread } : {}),
    // RFC 3834: an automatic message; well-behaved auto-responders do not answer it (no mail loops).
    'Auto-Submitted': 'auto-generated',
    // Outlook and Exchange honour this one instead, for out-of-office replies.
    'X-Auto-Response-Suppress': 'All',
  };
}

/** A From or To header: the display name quoted by nodemailer when it is sent. */
export function formatMailbox(name: string | undefined | null, address: string): string {
  const clean = name?.replace(/["\r\n<>]/g, '').trim();
  return clean ? `"${clean}" <${address}>` : address;
}

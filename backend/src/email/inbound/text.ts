// The words a person wrote in a reply: without the quoted history of earlier emails and without
// the signature, from the plain-text part (or the HTML part, for mail that has only that).
import EmailReplyParser from 'email-reply-parser';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML-only mail as plain text: quoted blocks dropped, block ends as line breaks. Never rendered. */
export function htmlToText(html: string): string {
  let text = html.replace(/<(head|style|script)\b[\s\S]*?<\/\1\s*>/gi, '');
  // Quoted history: Apple Mail and Thunderbird quote in <blockquote>, Gmail in .gmail_quote, and
  // Outlook starts it with #divRplyFwdMsg or #appendonsend; everything from there on is history.
  text = text.replace(/<(div|blockquote)\b[^>]*(class="[^"]*gmail_quote|id="(divRplyFwdMsg|appendonsend)"|type="cite")[\s\S]*$/i, '');
  let previous;
  do {
    previous = text;
    text = text.replace(/<blockquote\b[^>]*>[\s\S]*?<\/blockquote\s*>/gi, '');
  } while (text !== previous);
  // Whitespace in HTML is a space; lines come from breaks and blocks (opening or closing).
  text = text
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|li|tr|h[1-6]|hr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
  return text;
}

/** What the sender wrote above the quote, trimmed, with runs of blank lines folded into one. */
export function replyText(email: { text?: string; html?: string }): string {
  const source = email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : '';
  const visible = new EmailReplyParser().read(source.replace(/\r\n?/g, '\n')).getVisibleText();
  return visible
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

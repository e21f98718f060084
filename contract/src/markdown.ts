// The Markdown subset customers and agents write in (bold, italic, code, code blocks, links, lists,
// bare URLs), parsed once into a token tree that each front end renders as elements (the widget with
// Preact, the console with React, emails as escaped HTML): no HTML is ever made from the text itself.

/** Text, or an inline element around more inline content. Newlines inside text are line breaks. */
export type MdInline =
  | string
  | { t: 'strong' | 'em'; c: MdInline[] }
  | { t: 'code'; v: string }
  | { t: 'a'; href: string; c: MdInline[] };

export type MdBlock =
  | { t: 'p'; c: MdInline[] }
  | { t: 'pre'; v: string }
  | { t: 'ul' | 'ol'; items: MdInline[][] };

/** The attributes every link gets: it opens apart from the widget, and tells the target nothing. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** Only these schemes become links; anything else (javascript:, data:, vbscript:…) stays text. */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A bare URL; its trailing punctuation (end of a sentence) is not part of it. */
const BARE_URL = /https?:\/\/[^\s<>"]+/y;
const TRAILING = /[.,;:!?'")\]*_]+$/;
/** Nesting beyond this stays text: no input can make the renderers recurse without bound. */
const MAX_DEPTH = 4;

function trimUrl(url: string): string {
  let end = url.replace(TRAILING, '');
  // Keep a closing parenthesis the URL itself opened (https://en.wikipedia.org/wiki/Foo_(bar)).
  const rest = url.slice(end.length);
  if (rest.startsWith(')') && (end.match(/\(/g)?.length ?? 0) > (end.match(/\)/g)?.length ?? 0)) end += ')';
  return end;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Where the emphasis opened at `from` by `mark` closes, or -1: a closer follows non-space and, for `_`, ends a word. */
function closer(text: string, mark: string, from: number): number {
  for (let i = text.indexOf(mark, from); i !== -1; i = text.indexOf(mark, i + 1)) {
    if (i > from && !isSpace(text[i - 1]) && !(mark[0] === '_' && isWord(text[i + mark.length]))) {
      // `**` inside `*…*` is not the single-star closer.
      if (mark.length === 1 && text[i + 1] === mark) {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

export function parseInline(text: string, depth = 0): MdInline[] {
  const out: MdInline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push(plain);
    plain = '';
  };
  // Once no closer follows a position, none follows any later one: remembered, so input full of
  // unclosed marks stays linear.
  const noCloserFrom: Record<string, number> = {};
  const closes = (mark: string, from: number) => {
    if (from >= (noCloserFrom[mark] ?? Infinity)) return -1;
    const end = closer(text, mark, from);
    if (end === -1) noCloserFrom[mark] = from;
    return end;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ t: 'code', v: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if ((c === '*' || c === '_') && depth < MAX_DEPTH) {
      const mark = text[i + 1] === c ? c + c : c;
      const opensWord = !isSpace(text[i + mark.length]) && !(c === '_' && isWord(text[i - 1]));
      const end = opensWord ? closes(mark, i + mark.length) : -1;
      if (end !== -1) {
        flush();
        out.push({ t: mark.length === 2 ? 'strong' : 'em', c: parseInline(text.slice(i + mark.length, end), depth + 1) });
        i = end + mark.length;
        continue;
      }
      plain += mark;
      i += mark.length;
      continue;
    } else if (c === '[' && depth < MAX_DEPTH && text.includes('](', i)) {
      const link = /^\[([^\]\n]+)\]\(([^()\s]+)\)/.exec(text.slice(i, i + 2200));
      const href = link && safeHref(link[2]!);
      if (link && href) {
        flush();
        out.push({ t: 'a', href, c: parseInline(link[1]!, depth + 1) });
        i += link[0].length;
        continue;
      }
    } else if (c === 'h' && !isWord(text[i - 1])) {
      BARE_URL.lastIndex = i;
      const match = BARE_URL.exec(text);
      const url = match && trimUrl(match[0]);
      const href = url && safeHref(url);
      if (url && href) {
        flush();
        out.push({ t: 'a', href, c: [url] });
        i += url.length;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

const FENCE = /^\s{0,3}```/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;

/** A list goes on across blank lines, so `1.` and `2.` apart still count on; only text in between ends it. */
const paragraphBetween = (lines: string[], i: number) => {
  for (let j = i - 1; j >= 0 && !(BULLET.test(lines[j]!) || NUMBERED.test(lines[j]!)); j--) if (lines[j]!.trim()) return true;
  return false;
};

export function parseMarkdown(text: string): MdBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MdBlock[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ t: 'p', c: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      endParagraph();
      const code: string[] = [];
      while (++i < lines.length && !FENCE.test(lines[i]!)) code.push(lines[i]!);
      blocks.push({ t: 'pre', v: code.join('\n') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      endParagraph();
      const kind = bullet ? 'ul' : 'ol';
      const last = blocks[blocks.length - 1];
      const item = parseInline((bullet ?? numbered)![1]!);
      if (last?.t === kind && !paragraphBetween(lines, i)) last.items.push(item);
      else blocks.push({ t: kind, items: [item] });
      continue;
    }
    if (!line.trim()) endParagraph();
    else paragraph.push(line);
  }
  endParagraph();
  return blocks;
}

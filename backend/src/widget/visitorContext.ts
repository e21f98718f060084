// A widget visitor's context: what the widget reports (page, referrer, language, time zone) and
// what the server reads from the User-Agent (browser and OS, by name and major version only).
import type { IncomingHttpHeaders } from 'node:http';
import { VisitorContext, VISITOR_CONTEXT_MAX, type VisitorContextInputJson, type VisitorContextJson } from '@deskline/contract';

/** Browsers in the order their tokens must be tested: Edge and Opera also say Chrome, Chrome also says Safari. */
const BROWSERS: [name: string, token: RegExp][] = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /(?:OPR|Opera)\/(\d+)/],
  ['Samsung Internet', /SamsungBrowser\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//],
];

const SYSTEMS: [name: string, token: RegExp][] = [
  ['Windows', /Windows NT/],
  ['Android', /Android/],
  ['iOS', /iPhone|iPad|iPod/],
  ['ChromeOS', /CrOS/],
  ['macOS', /Mac OS X|Macintosh/],
  ['Linux', /Linux/],
];

/** "Chrome 131" and "Windows" from a User-Agent; null for what it does not name. */
export function parseUserAgent(userAgent: string | undefined): { browser: string | null; os: string | null } {
  const ua = (userAgent ?? '').slice(0, 1000);
  const browser = BROWSERS.map(([name, token]) => [name, token.exec(ua)?.[1]] as const).find(([, version]) => version);
  const os = SYSTEMS.find(([, token]) => token.test(ua))?.[0] ?? null;
  return {
    browser: browser ? `${browser[0]} ${browser[1]}`.slice(0, VISITOR_CONTEXT_MAX.browser) : null,
    os,
  };
}

/** The context stored with a visitor's session: the widget's report and the request's User-Agent. */
export function visitorContextOf(input: VisitorContextInputJson | undefined, headers: IncomingHttpHeaders): VisitorContextJson {
  return {
    pageUrl: input?.pageUrl ?? null,
    referrer: input?.referrer ?? null,
    ...parseUserAgent(headers['user-agent']),
    language: input?.language ?? null,
    timeZone: input?.timeZone ?? null,
    updatedAt: new Date().toISOString(),
  };
}

/** A stored context read back; anything that no longer parses reads as none. */
export function storedVisitorContext(value: unknown): VisitorContextJson | null {
  const parsed = VisitorContext.safeParse(value);
  return parsed.success ? parsed.data : null;
}

// Property-based fuzzing of every route and socket event with malformed and hostile input: wrong
// types, huge bodies, unicode, prototype-pollution keys, SQL/HTML injection, bad multipart, forged
// tokens. Whatever arrives: never a 5xx, the process stays up, and no other user's data is read or
// changed. The attackers are a customer (Mallory), anonymous callers with forged tokens, and an
// admin whose destructive calls aim only at a sandbox of its own; the victim (Vera) is a customer
// whose ticket, timeline, chat and files must read back byte for byte identical afterwards.
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allEndpoints } from '../endpoints.js';
import type { Endpoint } from '../http/endpoint.js';
import { tinyPng } from '../test/fixtures.js';
import { startTestServer, type TestServer, type TestUser, unsigned } from '../test/harness.js';

/** Upper bounds: the properties stop early when their time is up (busy machines get fewer runs). */
const HTTP_BATCHES = 500;
const SOCKET_BATCHES = 400;
const BATCH = 6;
const HTTP_TIME_MS = 35_000;
const SOCKET_TIME_MS = 15_000;
const CURSOR_RUNS = 300;
const CURSOR_TIME_MS = 10_000;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const ORIGIN = 'https://shop.example.com';
/** Written only into the victim's data: an attacker's response containing one has read it. */
const MARK = `vera${randomBytes(6).toString('hex')}`;

let server: TestServer;
let realAdmin: TestUser;
let victim: TestUser;
let mallory: TestUser;
let fuzzAdmin: TestUser;

type Ids = { ticket: string; comment: string; message: string; attachment: string; category: string; user: string; site: string; siteKey: string };
let victimIds: Ids;
let malloryIds: Ids;
let sandboxIds: Ids;

// ---------------------------------------------------------------------------------------------
// Hostile values

const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE \"Ticket\"; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5); --',
  "' UNION SELECT \"passwordHash\" FROM \"User\" --",
  '$1',
  '%',
  '_%',
  '\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202egnp.exe',
  '\u200b\u200c\u200d',
  '\ufeff',
  '🔥💬👩‍👩‍👧‍👦',
  'Ω≈ç√∫˜µ≤≥÷',
  'ﷺ𝕏ℌ',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '%00',
  '%2e%2e%2f',
  '\r\nSet-Cookie: pwned=1',
  ' ',
  '',
  'ADMIN',
  'CLOSED',
  'general',
];
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'polluted', 'toString', 'valueOf', '__defineGetter__'];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 12_000 }).map((n) => 'A'.repeat(n)) },
  { weight: 1, arbitrary: fc.uuid() },
);

/** A JSON object as ordered entries, so keys like __proto__ are sent as own keys, verbatim. */
class Entries {
  constructor(readonly entries: [string, Json][]) {}
}
type Json = string | number | boolean | null | Json[] | Entries;

function toJsonText(value: Json): string {
  if (value instanceof Entries) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  return JSON.stringify(value) ?? 'null';
}

const scalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.1, -0) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const keyFor = (known: string[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(known.length ? known : ['x'])) }, { weight: 2, arbitrary: fc.constantFrom(...POLLUTING_KEYS) }, { weight: 1, arbitrary: hostileString });

const jsonValue = (known: string[]): fc.Arbitrary<Json> =>
  fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: scalar },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(fc.tuple(keyFor(known), tie('value')), { maxLength: 4 }).map((e) => new Entries(e)) },
    ),
  })).value;

/** Prototype pollution attempts, nested where parsers and mergers look. */
const pollution: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  new Entries([['__proto__', new Entries([['polluted', true], ['isAdmin', true], ['role', 'ADMIN']])]]),
  new Entries([['constructor', new Entries([['prototype', new Entries([['polluted', true]])]])]]),
  new Entries([['theme', new Entries([['__proto__', new Entries([['polluted', true]])]])]]),
  new Entries([['identity', new Entries([['constructor', new Entries([['prototype', new Entries([['isAdmin', true]])]])]])]]),
);

// ---------------------------------------------------------------------------------------------
// Requests

type Actor = 'anonymous' | 'forged' | 'mallory' | 'fuzzAdmin';

interface HttpCase {
  actor: Actor;
  endpoint: Endpoint;
  method: string;
  path: string;
  /** The victim's id in the path, if that is what was aimed at. */
  aimedAtVictim: boolean;
  query: string;
  headers: Record<string, string>;
  body?: { kind: 'json'; text: string } | { kind: 'raw'; text: string; type: string } | { kind: 'form'; parts: FormPart[] } | { kind: 'huge-file' };
  forgedToken?: number;
}

interface FormPart {
  field: string;
  value: string;
  file?: { name: string; content: 'png' | 'html' | 'svg' | 'text' | 'exe' | 'random' | 'empty'; type: string };
}

const keysOf = (schema: unknown): string[] => {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
};

/** Well-formed bodies to start mutating from: fields right, values hostile or missing. */
const seedBodies = (ids: Ids): Record<string, Record<string, Json>> => ({
  'POST /auth/register': { name: 'Newcomer', email: `n${randomBytes(4).toString('hex')}@example.test`, password: 'password123' },
  'POST /auth/login': { email: 'nobody@example.test', password: 'password123' },
  'POST /users': { name: 'Made', email: `m${randomBytes(4).toString('hex')}@example.test`, password: 'password123', role: 'CUSTOMER' },
  'PATCH /users/:id': { name: 'Renamed', role: 'CUSTOMER', disabled: false },
  'POST /categories': { name: 'Refunds', slug: `r${randomBytes(3).toString('hex')}`, description: 'Money back' },
  'PATCH /categories/:id': { name: 'Renamed', description: 'Described' },
  'POST /tickets': { subject: 'Printer on fire', description: 'Really', category: 'technical', priority: 'HIGH' },
  'PATCH /tickets/:id': { subject: 'Still on fire', priority: 'LOW', status: 'IN_PROGRESS', assigneeId: null },
  'POST /tickets/:id/comments': { body: 'A remark', internal: false },
  'PATCH /comments/:id': { body: 'Edited' },
  'POST /tickets/:id/messages': { body: 'Hello', clientId: `c${randomBytes(4).toString('hex')}` },
  'POST /tickets/:id/read': { upTo: ids.message },
  'POST /sites': { name: 'Shop', allowedOrigins: [ORIGIN], theme: new Entries([['color', '#123456'], ['position', 'left'], ['greeting', 'Hi']]) },
  'PATCH /sites/:id': { name: 'Shop 2', allowedOrigins: [ORIGIN] },
  'POST /widget/session': { siteKey: ids.siteKey, name: 'Visitor', email: 'v@example.test' },
});

/** `arb` one time in `oneIn`, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** encodeURIComponent, with lone surrogates (which it refuses) made U+FFFD as a browser would. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

const bogusId = fc.oneof(
  fc.uuid(),
  fc.constantFrom('1', '0', '-1', 'null', 'undefined', 'me', 'none', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  hostileString.map((s) => encode(s.slice(0, 300)) || '%20'),
);

function idsFor(actor: Actor): Ids[] {
  if (actor === 'fuzzAdmin') return [sandboxIds];
  if (actor === 'mallory') return [malloryIds, victimIds];
  return [victimIds, malloryIds, sandboxIds];
}

const RESOURCE_OF: Record<string, keyof Ids> = { users: 'user', categories: 'category', attachments: 'attachment', comments: 'comment', sites: 'site' };

const httpCase: fc.Arbitrary<HttpCase> = fc
  .record({
    actor: fc.constantFrom<Actor>('anonymous', 'forged', 'mallory', 'mallory', 'fuzzAdmin', 'fuzzAdmin'),
    endpointIndex: fc.nat({ max: allEndpoints.length - 1 }),
    otherMethod: sometimes(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), 12),
    idPick: fc.nat(),
    bogus: sometimes(bogusId, 3),
    query: fc.array(fc.tuple(fc.oneof(fc.constant(''), hostileString), hostileString, fc.boolean()), { maxLength: 4 }),
    queryKeysKnown: fc.boolean(),
    bodyKind: fc.constantFrom('mutated', 'mutated', 'mutated', 'object', 'value', 'pollution', 'malformed', 'wrong-type', 'form', 'form', 'none'),
    mutations: fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constant<'drop'>('drop'), scalar, jsonValue([]))), { maxLength: 4 }),
    extra: fc.array(fc.tuple(keyFor([]), jsonValue([])), { maxLength: 2 }),
    object: jsonValue([]),
    malformed: fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", 'NaN', '\ufeff{}', '[1,2', '{"a":"\\x"}', '"unterminated', `{"body":"${'x'.repeat(300_000)}"}`, '['.repeat(20_000)),
    wrongType: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/xml', 'multipart/form-data', 'multipart/form-data; boundary=', 'application/json; charset=klingon'),
    parts: fc.array(
      fc.record({
        field: fc.oneof(fc.constantFrom('file', 'attachment', 'subject', 'description', 'category', 'priority', 'body', '__proto__'), hostileString),
        value: hostileString,
        file: sometimes(
          fc.record({
            name: fc.oneof(fc.constantFrom('pixel.png', '../../../etc/passwd', 'a.html', 'résumé.pdf', '.htaccess', 'x'.repeat(300), 'con.txt'), hostileString),
            content: fc.constantFrom<NonNullable<FormPart['file']>['content']>('png', 'html', 'svg', 'text', 'exe', 'random', 'empty'),
            type: fc.constantFrom('image/png', 'text/html', 'application/octet-stream', 'image/svg+xml', 'text/plain', ''),
          }),
          2,
        ),
      }),
      { maxLength: 4 },
    ),
    rawMultipart: sometimes(fc.constantFrom<'truncated' | 'no-boundary' | 'wrong-boundary' | 'huge-file'>('truncated', 'no-boundary', 'wrong-boundary', 'huge-file'), 4),
    forgedToken: fc.nat({ max: 7 }),
    origin: sometimes(fc.constantFrom(ORIGIN, 'https://evil.example', 'null'), 3),
  })
  .map((r): HttpCase => {
    const endpoint = allEndpoints[r.endpointIndex]!;
    const method = r.otherMethod ?? endpoint.method.toUpperCase();
    const pool = idsFor(r.actor);
    const ids = pool[r.idPick % pool.length]!;
    const resource = /^\/(\w+)/.exec(endpoint.path)?.[1] ?? '';
    const id = r.bogus ?? ids[RESOURCE_OF[resource] ?? 'ticket'];
    const path = endpoint.path.replace(':id', id);
    const aimedAtVictim = endpoint.path.includes(':id') && r.bogus === null && ids === victimIds;

    const knownQuery = keysOf(endpoint.query);
    const query = r.query
      .map(([k, v, encoded], i) => {
        const key = r.queryKeysKnown && knownQuery.length ? knownQuery[i % knownQuery.length]! : k;
        return encoded ? `${encode(key)}=${encode(v)}` : `${encode(key)}=${v.replace(/[#\s]/g, '')}`;
      })
      .join('&');

    const headers: Record<string, string> = {};
    if (r.origin) headers.origin = r.origin;
    const hasBody = !['GET', 'HEAD'].includes(method) && r.bodyKind !== 'none';
    let body: HttpCase['body'];
    if (hasBody) {
      const known = keysOf(endpoint.body);
      const seedBody = seedBodies(ids)[`${endpoint.method.toUpperCase()} ${endpoint.path}`] ?? {};
      switch (r.bodyKind) {
        case 'mutated': {
          const entries = Object.entries(seedBody) as [string, Json][];
          for (const [at, change] of r.mutations) {
            if (!entries.length) break;
            const i = at % entries.length;
            if (change === 'drop') entries.splice(i, 1);
            else entries[i] = [entries[i]![0], change];
          }
          body = { kind: 'json', text: toJsonText(new Entries([...entries, ...r.extra.map(([k, v]) => [known[k.length % (known.length || 1)] ?? k, v] as [string, Json])])) };
          break;
        }
        case 'object':
          body = { kind: 'json', text: toJsonText(new Entries([...r.extra, ...known.slice(0, 2).map((k) => [k, r.object] as [string, Json])])) };
          break;
        case 'value':
          body = { kind: 'json', text: toJsonText(r.object) };
          break;
        case 'pollution':
          body = { kind: 'json', text: toJsonText(new Entries([...(Object.entries(seedBody) as [string, Json][]), ['__proto__', new Entries([['polluted', true]])], ['constructor', new Entries([['prototype', new Entries([['polluted', true]])]])]])) };
          break;
        case 'malformed':
          body = { kind: 'raw', text: r.malformed, type: 'application/json' };
          break;
        case 'wrong-type':
          body = { kind: 'raw', text: toJsonText(new Entries(Object.entries(seedBody) as [string, Json][])), type: r.wrongType };
          break;
        case 'form':
          if (r.rawMultipart === 'huge-file') body = { kind: 'huge-file' };
          else if (r.rawMultipart) body = { kind: 'raw', ...brokenMultipart(r.rawMultipart) };
          else body = { kind: 'form', parts: r.parts.map((p) => ({ ...p, file: p.file ?? undefined })) };
          break;
      }
    }
    return { actor: r.actor, endpoint, method, path, aimedAtVictim, query, headers, body, forgedToken: r.forgedToken };
  });

function brokenMultipart(kind: 'truncated' | 'no-boundary' | 'wrong-boundary'): { text: string; type: string } {
  const part = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n';
  if (kind === 'truncated') return { text: part, type: 'multipart/form-data; boundary=XyZ' };
  if (kind === 'no-boundary') return { text: `${part}--XyZ--\r\n`, type: 'multipart/form-data' };
  return { text: `${part}--XyZ--\r\n`, type: 'multipart/form-data; boundary=AbC' };
}

const FILE_CONTENT: Record<NonNullable<FormPart['file']>['content'], () => Uint8Array> = {
  png: () => new Uint8Array(tinyPng()),
  html: () => Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
  svg: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  text: () => Buffer.from('plain text, hello'),
  exe: () => Buffer.concat([Buffer.from('MZ'), randomBytes(200)]),
  random: () => randomBytes(512),
  empty: () => new Uint8Array(0),
};
const HUGE_FILE = new Uint8Array(Buffer.concat([tinyPng(), Buffer.alloc(11 * 1024 * 1024)]));

/** Tokens nobody was given: wrong secret, alg none, expired, for the victim's or a made-up id. */
function forgedAuthorization(n: number): string | undefined {
  const claims = { sub: victim.id, role: 'ADMIN', jti: 'forged' };
  switch (n) {
    case 0:
      return `Bearer ${jwt.sign(claims, 'not-the-secret-'.padEnd(48, 'y'), { expiresIn: '1h' })}`;
    case 1:
      return `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: 4102444800 })).toString('base64url')}.`;
    case 2:
      return `Bearer ${jwt.sign({ ...claims, exp: 1 }, 'test-secret-'.padEnd(48, 'x'))}`;
    case 3:
      return 'Basic YWRtaW46YWRtaW4=';
    case 4:
      return `Bearer ${'a'.repeat(6_000)}`;
    case 5:
      return 'Bearer';
    case 6:
      return `Bearer ${mallory.token}.${mallory.token}`;
    default:
      return undefined;
  }
}

function authorizationFor(c: HttpCase): string | undefined {
  // Logging out would end the attackers' own sessions and with them the fuzzing: forged tokens there.
  const actor = c.endpoint.path === '/auth/logout' && (c.actor === 'mallory' || c.actor === 'fuzzAdmin') ? 'forged' : c.actor;
  if (actor === 'mallory') return `Bearer ${mallory.token}`;
  if (actor === 'fuzzAdmin') return `Bearer ${fuzzAdmin.token}`;
  if (actor === 'forged') return forgedAuthorization(c.forgedToken ?? 0);
  return undefined;
}

interface Outcome {
  status: number;
  text: string;
  type: string;
}

async function send(c: HttpCase): Promise<Outcome> {
  const headers: Record<string, string> = { ...c.headers };
  const authorization = authorizationFor(c);
  if (authorization) headers.authorization = authorization;
  let body: RequestInit['body'];
  if (c.body?.kind === 'json') {
    body = c.body.text;
    headers['content-type'] = 'application/json';
  } else if (c.body?.kind === 'raw') {
    body = c.body.text;
    headers['content-type'] = c.body.type;
  } else if (c.body?.kind === 'form') {
    const form = new FormData();
    for (const part of c.body.parts) {
      if (part.file) form.append(part.field, new Blob([FILE_CONTENT[part.file.content]()], { type: part.file.type }), part.file.name);
      else form.append(part.field, part.value);
    }
    body = form;
  } else if (c.body?.kind === 'huge-file') {
    const form = new FormData();
    form.append('file', new Blob([HUGE_FILE], { type: 'image/png' }), 'huge.png');
    body = form;
  }
  const url = `${server.url}/api${c.path}${c.query ? `?${c.query}` : ''}`;
  const response = await fetch(url, { method: c.method, headers, body, signal: AbortSignal.timeout(20_000) });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') ?? '' };
}

const describeCase = (c: HttpCase) =>
  `${c.actor} ${c.method} ${c.path.slice(0, 120)}${c.query ? `?${c.query.slice(0, 120)}` : ''} body=${c.body ? (c.body.kind === 'json' || c.body.kind === 'raw' ? c.body.text.slice(0, 200) : c.body.kind) : 'none'}`;

const ErrorShape = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[A-Z_]+$/),
    message: z.string(),
    details: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** What a request may answer, whatever it carried. Returns a description of the breach, if any. */
function breach(c: HttpCase, r: Outcome): string | undefined {
  if (r.status >= 500) return `${r.status} ${r.text.slice(0, 300)}`;
  // 431: Node's HTTP parser refuses oversized headers (a long URL, a huge token) before the app sees them.
  if (r.status >= 400 && c.method !== 'HEAD' && r.status !== 431) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.text);
    } catch {
      return `${r.status} is not JSON: ${r.text.slice(0, 200)}`;
    }
    if (!ErrorShape.safeParse(parsed).success) return `${r.status} is not in the contract's error shape: ${r.text.slice(0, 200)}`;
  }
  if (c.actor !== 'fuzzAdmin' && r.text.includes(MARK)) return `the victim's data leaked: ${r.text.slice(0, 300)}`;
  if (c.actor === 'mallory' && c.aimedAtVictim && r.status < 400 && c.method !== 'OPTIONS') return `${r.status} for the victim's resource`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Cursors: every paged list, with every sort, given cursors it never returned

/** GET lists that page with a cursor, with each sort their query accepts (or none). */
const pagedLists = () =>
  allEndpoints
    .filter((e) => e.method === 'get' && keysOf(e.query).includes('cursor'))
    .flatMap((e) => {
      const sort = (e.query as unknown as { shape: Record<string, unknown> }).shape.sort;
      return sortsOf(sort).map((s) => ({ endpoint: e, sort: s }));
    });

/** The values of an enum, also inside .default()/.optional(); [undefined] when there is no sort. */
function sortsOf(schema: unknown): (string | undefined)[] {
  for (let s = schema as { options?: unknown; def?: { innerType?: unknown } } | undefined; s; s = s.def?.innerType as typeof s) {
    if (Array.isArray(s.options)) return s.options as string[];
  }
  return [undefined];
}

/** What a cursor element might be made of: values of the wrong type, out of range, or almost right. */
const cursorElement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(1e20, -1e20, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, -0, 0.5, -1, 0),
  fc.constantFrom<Json>(1e20, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc.constantFrom<Json>(
    '2026-13-45T00:00:00.000Z',
    '2026-02-30T25:61:61.000Z',
    '0000-01-01T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '2026-01-01',
    '2026-01-01T00:00:00+14:00',
    'LOW',
    'URGENT',
    'SEVERE',
  ),
  fc.uuid(),
  hostileString,
  fc.boolean(),
  fc.constant(null),
  jsonValue([]),
);

/** Mostly shaped like real cursors ([value, id] or [position]), so the values reach the checks behind the shape. */
const craftedCursor: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 8, arbitrary: fc.tuple(cursorElement, fc.oneof(fc.uuid(), cursorElement)) },
    { weight: 2, arbitrary: fc.tuple(cursorElement) },
    { weight: 2, arbitrary: fc.array(cursorElement, { maxLength: 4 }) },
    { weight: 1, arbitrary: jsonValue([]) },
  )
  .map((value) => Buffer.from(toJsonText(value)).toString('base64url'));

// ---------------------------------------------------------------------------------------------
// Socket events

const KNOWN_EVENTS = ['ticket:join', 'ticket:leave', 'message:send', 'typing', 'message:read'] as const;

interface SocketCase {
  actor: 'mallory' | 'fuzzAdmin';
  event: string;
  payload: Json | undefined;
  withAck: boolean;
  aimedAtVictim: boolean;
  raw?: string;
}

const socketCase: fc.Arbitrary<SocketCase> = fc
  .record({
    actor: fc.constantFrom<'mallory' | 'fuzzAdmin'>('mallory', 'mallory', 'fuzzAdmin'),
    event: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...KNOWN_EVENTS) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'ticket:created', 'message:new', 'unread', 'auth.revoked') },
      { weight: 1, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 200) },
    ),
    idPick: fc.nat(),
    bogus: sometimes(bogusId, 3),
    shape: fc.constantFrom('valid', 'valid', 'mutated', 'anything', 'pollution', 'none'),
    body: hostileString,
    typing: fc.oneof(fc.boolean(), scalar),
    mutation: fc.tuple(fc.constantFrom('ticketId', 'body', 'clientId', 'typing', 'upTo', '__proto__'), jsonValue([])),
    anything: jsonValue(['ticketId', 'body', 'clientId', 'typing', 'upTo']),
    pollution,
    raw: sometimes(
      fc.constantFrom('42', '42[', '42[1,2]', '4{}', '43[1]', '451-["message:send",{"_placeholder":true,"num":0}]', '42["message:send",null,null,null]', `42["typing",${'['.repeat(5000)}`),
      15,
    ),
  })
  .map((r): SocketCase => {
    const pool = r.actor === 'fuzzAdmin' ? [sandboxIds] : [malloryIds, victimIds];
    const ids = pool[r.idPick % pool.length]!;
    const ticketId = r.bogus ?? ids.ticket;
    const valid: Record<string, Json> = {
      'ticket:join': ticketId,
      'ticket:leave': ticketId,
      'message:send': new Entries([['ticketId', ticketId], ['body', r.body], ['clientId', randomBytes(6).toString('hex')]]),
      typing: new Entries([['ticketId', ticketId], ['typing', r.typing]]),
      'message:read': new Entries([['ticketId', ticketId], ['upTo', ids.message]]),
    };
    let payload: Json | undefined =
      r.shape === 'valid' ? (valid[r.event] ?? r.anything) : r.shape === 'anything' ? r.anything : r.shape === 'pollution' ? r.pollution : r.shape === 'none' ? undefined : valid[r.event] ?? r.anything;
    if (r.shape === 'mutated' && payload instanceof Entries) payload = new Entries([...payload.entries.filter(([k]) => k !== r.mutation[0]), r.mutation]);
    const aimedAtVictim = r.bogus === null && ids === victimIds && r.shape === 'valid' && r.event !== 'ticket:leave';
    // Known events are always asked for an ack (it is what is checked); unknown ones never answer.
    const known = (KNOWN_EVENTS as readonly string[]).includes(r.event);
    return { actor: r.actor, event: r.event, payload, withAck: known, aimedAtVictim, raw: r.raw ?? undefined };
  });

/** JSON as sent over the socket: the same object, with __proto__ and friends as own keys. */
const toWire = (value: Json | undefined): unknown => (value === undefined ? undefined : JSON.parse(toJsonText(value)));

// ---------------------------------------------------------------------------------------------

async function victimSnapshot() {
  const asVictim = (path: string) => server.api('GET', path, { token: victim.token });
  const asAdmin = (path: string) => server.api('GET', path, { token: realAdmin.token });
  const download = await fetch(`${server.url}/api/attachments/${victimIds.attachment}`, { headers: { authorization: `Bearer ${victim.token}` } });
  const sites = (await asAdmin('/sites?limit=100')).body.items as { id: string }[];
  const categories = (await asAdmin('/categories')).body as { slug: string }[];
  const snapshot = {
    me: (await asVictim('/auth/me')).body,
    tickets: (await asVictim('/tickets')).body,
    ticket: (await asVictim(`/tickets/${victimIds.ticket}`)).body,
    comments: (await asVictim(`/tickets/${victimIds.ticket}/comments?limit=100`)).body,
    messages: (await asVictim(`/tickets/${victimIds.ticket}/messages?limit=100`)).body,
    unread: (await asVictim('/messages/unread-count')).body,
    attachment: { status: download.status, sha256: createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex') },
    // What the support team sees of the victim: internal notes, the account, the victim's site.
    staffComments: (await asAdmin(`/tickets/${victimIds.ticket}/comments?limit=100`)).body,
    account: (await asAdmin(`/users?q=${encodeURIComponent(victim.email)}`)).body,
    site: sites.find((s) => s.id === victimIds.site),
    seededCategories: categories.filter((c) => ['billing', 'technical', 'general', 'feature-request', 'bug-report'].includes(c.slug)),
  };
  // Signed attachment URLs expire in time windows: a new window signs anew, and that is no change.
  return unsigned(snapshot);
}

async function fixturesFor(owner: TestUser, by: TestUser, label: string): Promise<Ids> {
  const as = (token: string) => (method: string, path: string, body?: unknown) => server.api(method, path, { token, body });
  const ownerApi = as(owner.token);
  const staffApi = as(by.token);
  const ticket = (await ownerApi('POST', '/tickets', { subject: `${label} subject`, description: `${label} description`, category: 'general' })).body;
  const comment = (await ownerApi('POST', `/tickets/${ticket.id}/comments`, { body: `${label} comment` })).body;
  await staffApi('POST', `/tickets/${ticket.id}/comments`, { body: `${label} internal note`, internal: true });
  const message = (await ownerApi('POST', `/tickets/${ticket.id}/messages`, { body: `${label} message`, clientId: `${label}-1` })).body;
  await staffApi('POST', `/tickets/${ticket.id}/messages`, { body: `${label} reply`, clientId: `${label}-2` });
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(tinyPng())], { type: 'image/png' }), `${label}.png`);
  const attachment = (await server.api('POST', `/tickets/${ticket.id}/attachments`, { token: owner.token, body: form })).body;
  // A site belongs to the organisation and its name is public (GET /widget/config): no mark in it.
  const site = (await staffApi('POST', '/sites', { name: `${label === MARK ? 'victim' : label} site`, allowedOrigins: [ORIGIN] })).body;
  const category = by.role === 'ADMIN' && label !== MARK ? (await staffApi('POST', '/categories', { name: `${label} category`, slug: `${label.toLowerCase()}-cat` })).body : undefined;
  for (const [what, value] of Object.entries({ ticket, comment, message, attachment, site })) {
    expect(value?.id, `${label} ${what}: ${JSON.stringify(value)}`).toBeTypeOf('string');
  }
  const general = ((await server.api('GET', '/categories')).body as { id: string; slug: string }[]).find((c) => c.slug === 'general')!;
  return { ticket: ticket.id, comment: comment.id, message: message.id, attachment: attachment.id, site: site.id, siteKey: site.siteKey, category: category?.id ?? general.id, user: owner.id };
}

describe('fuzzing every route and socket event with hostile input', () => {
  const victimHeard: string[] = [];
  let victimSocket: Socket;
  const attackerSockets: Socket[] = [];
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  let before: Awaited<ReturnType<typeof victimSnapshot>>;

  beforeAll(async () => {
    server = await startTestServer();
    realAdmin = await server.createUser('ADMIN', 'Real Admin');
    fuzzAdmin = await server.createUser('ADMIN', 'Fuzz Admin');
    victim = await server.createUser('CUSTOMER', `Vera ${MARK}`);
    mallory = await server.createUser('CUSTOMER', 'Mallory');
    const sandboxCustomer = await server.createUser('CUSTOMER', 'Sandy');
    victimIds = await fixturesFor(victim, realAdmin, MARK);
    malloryIds = await fixturesFor(mallory, realAdmin, 'mallory');
    sandboxIds = await fixturesFor(sandboxCustomer, fuzzAdmin, 'sandbox');

    victimSocket = connectSocket(server.url, { auth: { token: victim.token }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve) => victimSocket.once('connect', resolve));
    expect((await victimSocket.emitWithAck('ticket:join', victimIds.ticket)).ok).toBe(true);
    before = await victimSnapshot();
    await new Promise((resolve) => setTimeout(resolve, 500)); // unread counts of the set-up are pushed in batches
    victimSocket.onAny((event: string) => victimHeard.push(event));
    expect(JSON.stringify(before)).toContain(MARK);
  });

  afterAll(async () => {
    victimSocket?.close();
    attackerSockets.forEach((s) => s.close());
    await server?.close();
  });

  it('answers every HTTP request with a 2xx-4xx in the contract\'s shape, and leaks nothing', { timeout: HTTP_TIME_MS + 30_000 }, async () => {
    const statuses = new Map<number, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(httpCase, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const outcomes = await Promise.all(batch.map(send));
        sent += batch.length;
        batch.forEach((c, i) => {
          const r = outcomes[i]!;
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          const problem = breach(c, r);
          if (problem) throw new Error(`${describeCase(c)}\n  → ${problem}`);
        });
      }),
      { numRuns: HTTP_BATCHES, interruptAfterTimeLimit: HTTP_TIME_MS, markInterruptAsFailure: false, endOnFailure: true, seed },
    );
    console.log(`fuzz: ${sent} HTTP requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(sent).toBeGreaterThan(500);
    expect((await server.api('GET', '/health')).status).toBe(200);
  });

  it('answers crafted cursors on every paged list with every sort with a 4xx, never a 5xx', { timeout: CURSOR_TIME_MS + 30_000 }, async () => {
    const lists = pagedLists();
    // Found from the route table, so a new paged list or sort is fuzzed without being named here.
    expect(lists.map((l) => `${l.endpoint.path} ${l.sort ?? ''}`.trim())).toEqual(
      expect.arrayContaining(['/tickets -number', '/tickets priority', '/tickets -updatedAt', '/tickets/:id/messages', '/tickets/:id/comments', '/users', '/sites']),
    );
    const statuses = new Map<number, number>();
    let sent = 0;
    // Each run sends one crafted cursor to every list and sort, so none is left to chance.
    const cursorCase = fc.record({ actor: fc.constantFrom<Actor>('mallory', 'fuzzAdmin', 'fuzzAdmin'), cursor: craftedCursor, limit: fc.integer({ min: 1, max: 5 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(cursorCase, { minLength: lists.length, maxLength: lists.length }), async (batch) => {
        const cases = batch.map(({ actor, cursor, limit }, i): HttpCase => {
          const list = lists[i]!;
          const ids = actor === 'fuzzAdmin' ? sandboxIds : malloryIds;
          const query = `${list.sort ? `sort=${encode(list.sort)}&` : ''}limit=${limit}&cursor=${encode(cursor)}`;
          return { actor, endpoint: list.endpoint, method: 'GET', path: list.endpoint.path.replace(':id', ids.ticket), aimedAtVictim: false, query, headers: {} };
        });
        const outcomes = await Promise.all(cases.map(send));
        sent += cases.length;
        cases.forEach((c, i) => {
          const r = outcomes[i]!;
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          const problem = breach(c, r);
          if (problem) throw new Error(`${describeCase(c)} cursor=${Buffer.from(decodeURIComponent(/cursor=([^&]*)/.exec(c.query)![1]!), 'base64url').toString()}\n  → ${problem}`);
        });
      }),
      { numRuns: CURSOR_RUNS, interruptAfterTimeLimit: CURSOR_TIME_MS, markInterruptAsFailure: false, endOnFailure: true, seed },
    );
    console.log(`fuzz: ${sent} crafted cursors, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(sent).toBeGreaterThan(lists.length * 3);
  });

  it('answers every socket event in the ack\'s shape, never INTERNAL, and leaks nothing', { timeout: SOCKET_TIME_MS + 30_000 }, async () => {
    const sockets = new Map<'mallory' | 'fuzzAdmin', Socket>();
    const leaks: string[] = [];
    const socketOf = async (actor: 'mallory' | 'fuzzAdmin') => {
      let socket = sockets.get(actor);
      // A malformed packet makes the server drop the connection: come back with a new one.
      if (!socket?.connected) {
        socket?.close();
        socket = connectSocket(server.url, { auth: { token: actor === 'mallory' ? mallory.token : fuzzAdmin.token }, transports: ['websocket'], forceNew: true, reconnection: false });
        attackerSockets.push(socket);
        if (actor === 'mallory') socket.onAny((event: string, payload: unknown) => JSON.stringify(payload ?? null).includes(MARK) && leaks.push(`${event}: ${JSON.stringify(payload).slice(0, 200)}`));
        const ready = socket;
        await new Promise<void>((resolve, reject) => (ready.once('connect', resolve), ready.once('connect_error', reject)));
        sockets.set(actor, socket);
      }
      return socket;
    };
    let emitted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(socketCase, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(
          batch.map(async (c) => {
            const socket = await socketOf(c.actor);
            emitted++;
            if (c.raw) {
              // Bytes that are not a well-formed Socket.IO packet, straight onto the connection.
              (socket.io.engine as unknown as { send(data: string): void }).send(c.raw);
              return;
            }
            const args = c.payload === undefined ? [] : [toWire(c.payload)];
            if (!c.withAck) return void socket.emit(c.event, ...args);
            const ack = await socket
              .timeout(5_000)
              .emitWithAck(c.event, ...args)
              .catch((error: Error) => ({ timeout: error.message }));
            const known = (KNOWN_EVENTS as readonly string[]).includes(c.event);
            // Unknown events have no handler and no ack; a dropped connection loses the ack too.
            if (!known || !socket.connected) return;
            const shape = z.union([z.looseObject({ ok: z.literal(true) }), z.strictObject({ ok: z.literal(false), error: z.strictObject({ code: z.string(), message: z.string() }) })]);
            const what = `${c.actor} ${c.event} ${JSON.stringify(toWire(c.payload))?.slice(0, 200)} → ${JSON.stringify(ack).slice(0, 300)}`;
            if (!shape.safeParse(ack).success) throw new Error(`ack not in the contract's shape: ${what}`);
            if ((ack as { error?: { code: string } }).error?.code === 'INTERNAL') throw new Error(`INTERNAL: ${what}`);
            if (c.actor === 'mallory' && c.aimedAtVictim && (ack as { ok: boolean }).ok) throw new Error(`accepted on the victim's ticket: ${what}`);
          }),
        );
      }),
      { numRuns: SOCKET_BATCHES, interruptAfterTimeLimit: SOCKET_TIME_MS, markInterruptAsFailure: false, endOnFailure: true, seed },
    );
    console.log(`fuzz: ${emitted} socket events`);
    expect(emitted).toBeGreaterThan(300);
    expect(leaks).toEqual([]);
  });

  it("leaves the victim's data identical, the server up, and Object.prototype clean", async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await victimSnapshot()).toEqual(before);
    // Nothing reached the victim's socket, and it still works: the support team's reply arrives.
    expect(victimHeard).toEqual([]);
    expect((await server.api('GET', '/health')).body).toEqual({ ok: true, db: 'up' });
    const heard = new Promise<string>((resolve) => victimSocket.once('message:new', (m: { body: string }) => resolve(m.body)));
    await server.api('POST', `/tickets/${victimIds.ticket}/messages`, { token: realAdmin.token, body: { body: 'still here?' } });
    expect(await heard).toBe('still here?');
  });
});

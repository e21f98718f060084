// The generated part of docs/api.md: an index of every route and event, written from the route
// table and the event lists, so the reference cannot miss or misname one. The prose around it is
// written by hand; `npm run docs:api` rewrites this part, and a test fails when it is stale.
import { ERROR_CODES } from './errors.js';
import { CLIENT_EVENTS, SERVER_EVENTS } from './events.js';
import { PUBLIC, routes, type RouteKey, type RouteSpec } from './routes.js';

export const REFERENCE_START = '<!-- generated: npm run docs:api -->';
export const REFERENCE_END = '<!-- end generated -->';

interface Described {
  meta?: () => { id?: string } | undefined;
  shape?: { items?: { element?: Described } };
  element?: Described;
}

/** The schema's name in the OpenAPI document (its `.meta({ id })`): `Ticket`, `Page<Ticket>`, `Category[]`. */
function schemaName(schema: unknown): string | undefined {
  const described = schema as Described | undefined;
  const id = described?.meta?.()?.id;
  if (id) return id;
  const pageItem = described?.shape?.items?.element;
  if (pageItem) return `Page<${schemaName(pageItem) ?? 'JSON'}>`;
  if (described?.element) return `${schemaName(described.element) ?? 'JSON'}[]`;
  return undefined;
}

function rolesOf(spec: RouteSpec): string {
  return spec.roles === PUBLIC ? 'anyone' : spec.roles.map((role) => role.toLowerCase()).join(', ');
}

/** Its success answers, e.g. `201 Message, 200 Message`. */
function responseOf(spec: RouteSpec): string {
  return Object.entries(spec.responses)
    .filter(([status]) => status.startsWith('2'))
    .sort(([a], [b]) => Number(b === '201') - Number(a === '201'))
    .map(([status, response]) => {
      const name = response.contentType ? 'file' : response.schema ? (schemaName(response.schema) ?? 'JSON') : '';
      return name ? `${status} ${name}` : status;
    })
    .join(', ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function referenceMarkdown(): string {
  const lines = [REFERENCE_START, '', '### Every route', '', '| Route | Who | Body | Answer | What |', '| --- | --- | --- | --- | --- |'];
  for (const key of Object.keys(routes) as RouteKey[]) {
    const spec: RouteSpec = routes[key];
    const [method, path] = key.split(' ');
    const body = spec.body ? (schemaName(spec.body) ?? 'JSON') + (spec.multipart ? ' or multipart' : '') : spec.multipart ? 'multipart' : '';
    lines.push(`| \`${method} /api${path}\` | ${rolesOf(spec)} | ${body} | ${responseOf(spec)} | ${cell(spec.summary)} |`);
  }
  lines.push('', '### Every socket event', '', '| Client → server | Payload | Ack | What |', '| --- | --- | --- | --- |');
  for (const [name, event] of Object.entries(CLIENT_EVENTS)) {
    lines.push(`| \`${name}\` | \`${event.payload}\` | \`${event.ack}\` | ${cell(event.about)} |`);
  }
  lines.push('', '| Server → client | Payload | To |', '| --- | --- | --- |');
  for (const [name, event] of Object.entries(SERVER_EVENTS)) {
    lines.push(`| \`${name}\` | \`${event.payload}\` | ${cell(event.to)} |`);
  }
  lines.push('', '### Every error code', '', ERROR_CODES.map((code) => `\`${code}\``).join(', '), '', REFERENCE_END);
  return lines.join('\n');
}

/** `document` with its generated part replaced by the current one (appended when it has none). */
export function withReference(document: string): string {
  const start = document.indexOf(REFERENCE_START);
  const end = document.indexOf(REFERENCE_END);
  if (start === -1 || end === -1) return `${document.trimEnd()}\n\n${referenceMarkdown()}\n`;
  return document.slice(0, start) + referenceMarkdown() + document.slice(end + REFERENCE_END.length);
}

// GET /api/openapi.json and a readable, dependency-free /api/docs page rendered from it.
import type { Router } from 'express';
import { openApiDocument } from './document.js';

export function mountApiDocs(api: Router): void {
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  api.get('/docs', (_req, res) => {
    res.type('html').send(renderDocsPage(openApiDocument() as unknown as OpenApiDoc));
  });
}

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}
interface OpenApiDoc {
  info: { title: string; description?: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function schemaBlock(schema: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

function schemaLink(schema: unknown): string {
  const ref = (schema as { $ref?: string })?.$ref;
  if (ref) {
    const name = ref.split('/').pop() ?? ref;
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  return `<details><summary>schema</summary>${schemaBlock(schema)}</details>`;
}

export function renderDocsPage(doc: OpenApiDoc): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other';
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${escapeHtml(p.name)}</code> <small>(${escapeHtml(p.in)}${p.required ? ', required' : ''})</small></li>`)
        .join('');
      const body = op.requestBody
        ? Object.entries(op.requestBody.content)
            .map(([type, c]) => `<p><b>Body</b> <code>${escapeHtml(type)}</code>: ${schemaLink(c.schema)}</p>`)
            .join('')
        : '';
      const responses = Object.entries(op.responses)
        .map(
          ([status, r]) =>
            `<li><code class="s${status[0]}">${escapeHtml(status)}</code> ${escapeHtml(r.description)}${
              r.content ? ` — ${Object.values(r.content).map((c) => schemaLink(c.schema)).join(', ')}` : ''
            }</li>`,
        )
        .join('');
      const html = `<section class="op" id="${escapeHtml(`${method}-${path}`)}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> ${escapeHtml(op.summary ?? '')}</h3>
  ${op.description ? `<p>${escapeHtml(op.description).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\n\n/g, '</p><p>')}</p>` : ''}
  ${params ? `<p><b>Parameters</b></p><ul>${params}</ul>` : ''}
  ${body}
  <p><b>Responses</b></p><ul>${responses}</ul>
</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, schema]) => `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${schemaBlock(schema)}</section>`)
    .join('');
  const nav = [...byTag.keys()].map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} reference</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:960px;padding:24px;color:#1f2937}
h1{margin-bottom:4px} h2{border-bottom:1px solid #e5e7eb;padding-bottom:4px;margin-top:40px}
.op{border:1px solid #e5e7eb;border-radius:8px;padding:4px 16px;margin:12px 0}
.m{display:inline-block;min-width:58px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.get{background:#2563eb}.post{background:#059669}.patch{background:#d97706}.put{background:#7c3aed}.delete{background:#dc2626}
pre{background:#f8fafc;border:1px solid #e5e7eb;padding:8px;overflow:auto;font-size:12px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}.s2{color:#059669}.s4{color:#b45309}.s5{color:#dc2626}
nav{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #e5e7eb}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<nav>${nav} · <a href="#schemas">Schemas</a></nav>
${[...byTag.entries()].map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('\n')}`).join('\n')}
<h2 id="schemas">Schemas</h2>${schemas}
</body></html>`;
}

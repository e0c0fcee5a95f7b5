import type { OpenApiDocument, OpenApiOperation } from './openapi-document.ts';

/** The docs page's one stylesheet, inline; the CSP allows exactly this text by its hash. */
export const API_DOCS_STYLE = `
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
code,pre{font:13px ui-monospace,monospace}pre{background:#f4f4f4;padding:.6rem;overflow:auto;max-height:24rem}
section{border-top:1px solid #ddd;padding:.4rem 0}h3{margin:.4rem 0;font-weight:500}
.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:3px;color:#fff;font-size:12px;padding:2px 4px}
.get{background:#2f6f9f}.post{background:#3b8b3b}.put,.patch{background:#a0702a}.delete{background:#a33}
.who{color:#666;font-size:13px;margin-inline-start:.6rem}.err{color:#a33;font-size:12px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:start}
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pretty = (value: unknown) => escapeHtml(JSON.stringify(value, null, 2));

function operationHtml(method: string, path: string, op: OpenApiOperation): string {
  const access = Array.isArray(op['x-access']) ? op['x-access'].join(', ') : op['x-access'];
  const params = op.parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
        )
        .join('')}</table>`
    : '';
  const body = op.requestBody
    ? `<details><summary>request body</summary><pre>${pretty(op.requestBody.content['application/json']?.schema)}</pre></details>`
    : '';
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const content = r.content ? Object.entries(r.content)[0] : undefined;
      const schema = content
        ? `<pre>${escapeHtml(content[0])}\n${pretty(content[1].schema)}</pre>`
        : '';
      return status.startsWith('2')
        ? `<details><summary>${status} ${escapeHtml(r.description)}</summary>${schema}</details>`
        : `<span class="err">${status}</span>`;
    })
    .join(' ');
  const id = escapeHtml(op.operationId);
  return `<section id="${id}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary)} <span class="who">access: ${escapeHtml(access)}</span></p>${params}${body}<div>${responses}</div></section>`;
}

/**
 * The browsable API reference at /api/docs: plain HTML rendered from the OpenAPI document, with no
 * script and no CDN (the platform must work on a closed network).
 */
export function renderApiDocsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const toc = [...byTag.keys()]
    .map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`)
    .join(' · ');
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('')}`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title><style>${API_DOCS_STYLE}</style></head><body><h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.version)} — ${escapeHtml(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${doc.openapi}).</p><nav>${toc}</nav>${sections}</body></html>`;
}

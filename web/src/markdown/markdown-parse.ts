/**
 * A small Markdown subset for lab instructions, parsed to a tree (never to HTML): headings,
 * paragraphs, lists, block quotes, fenced code, rules; inline emphasis, strong, code, links and
 * images. Raw HTML is shown as text. Link and image addresses are checked here, so the renderer
 * cannot be handed `javascript:` or an SVG that carries script.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'image'; src: string; alt: string }
  | { type: 'break' };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'code'; text: string }
  | { type: 'rule' };

/**
 * Where content may point: this page's origin, plus the hosts the site allows for links and for
 * images (GET /api/site/content-policy; LAB_LINK_HOSTS, LAB_IMAGE_HOSTS on the server).
 */
export interface ContentPolicy {
  /** The page the content is shown on: relative addresses resolve against it. */
  base: string;
  linkHosts: readonly string[];
  imageHosts: readonly string[];
}

/** This page only: what applies until the site's policy has loaded. */
export function sameOriginPolicy(
  base: string = globalThis.location?.href ?? 'http://localhost/',
): ContentPolicy {
  return { base, linkHosts: [], imageHosts: [] };
}

/**
 * Resolves an address the way the browser will, or null. Backslashes, whitespace and control
 * characters are refused outright: browsers read `/\evil.example` as `//evil.example`, another
 * host, and what we check must be what the browser follows.
 */
function resolveUrl(raw: string, base: string): URL | null {
  const trimmed = raw.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (trimmed === '' || /[\\\s\u0000-\u001F\u007F]/.test(trimmed)) return null;
  try {
    return new URL(trimmed, base);
  } catch {
    return null;
  }
}

/**
 * Links: in-page anchors, this origin, mailto, and http(s) to the allowed hosts. The address is
 * returned as the browser will resolve it, never as written.
 */
export function safeHref(url: string, policy: ContentPolicy = sameOriginPolicy()): string | null {
  const trimmed = url.trim();
  if (/^#[^\s\\]*$/.test(trimmed)) return trimmed;
  if (/^mailto:[^\s\\<>"]+@[^\s\\<>"]+$/i.test(trimmed)) return trimmed;
  const resolved = resolveUrl(trimmed, policy.base);
  if (!resolved || !/^https?:$/.test(resolved.protocol)) return null;
  if (resolved.username || resolved.password) return null;
  if (resolved.origin === new URL(policy.base).origin) return resolved.href;
  return policy.linkHosts.includes(resolved.hostname) ? resolved.href : null;
}

/** Images: pasted raster data: URLs, this origin, and https images from the allowed hosts. */
export function safeImageSrc(
  url: string,
  policy: ContentPolicy = sameOriginPolicy(),
): string | null {
  const trimmed = url.trim();
  if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(trimmed)) return trimmed;
  const resolved = resolveUrl(trimmed, policy.base);
  if (!resolved || resolved.username || resolved.password) return null;
  if (resolved.origin === new URL(policy.base).origin && /^https?:$/.test(resolved.protocol))
    return resolved.href;
  return resolved.protocol === 'https:' && policy.imageHosts.includes(resolved.hostname)
    ? resolved.href
    : null;
}

/** Longest inline span (link, emphasis) looked for, in characters. */
const SPAN_WINDOW = 2000;

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

export function parseMarkdown(
  source: string,
  policy: ContentPolicy = sameOriginPolicy(),
  depth = 0,
): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) {
        body.push(lines[i] ?? '');
        i += 1;
      }
      i += 1;
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = (heading[1] ?? '#').length as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2] ?? '', policy) });
      i += 1;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i += 1;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) {
        body.push(QUOTE.exec(lines[i] ?? '')?.[1] ?? '');
        i += 1;
      }
      // Nesting is bounded: a hostile `>>>>>>...` line cannot recurse without end.
      blocks.push({
        type: 'quote',
        children:
          depth < 4
            ? parseMarkdown(body.join('\n'), policy, depth + 1)
            : [{ type: 'paragraph', children: parseInline(body.join(' '), policy) }],
      });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = !bullet;
      const pattern = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const item = pattern.exec(current);
        if (item) items.push((ordered ? item[2] : item[1]) ?? '');
        else if (current.trim() !== '' && /^\s{2,}/.test(current) && items.length > 0)
          items[items.length - 1] += ` ${current.trim()}`;
        else break;
        i += 1;
      }
      blocks.push({
        type: 'list',
        ordered,
        start: ordered ? Number(numbered?.[1] ?? 1) : 1,
        items: items.map((text) => parseInline(text, policy)),
      });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length) {
      const current = lines[i] ?? '';
      if (
        current.trim() === '' ||
        HEADING.test(current) ||
        FENCE.test(current) ||
        QUOTE.test(current) ||
        BULLET.test(current) ||
        RULE.test(current)
      )
        break;
      paragraph.push(current);
      i += 1;
    }
    blocks.push({ type: 'paragraph', children: parseInlineLines(paragraph, policy) });
  }
  return blocks;
}

/** Lines of a paragraph: a line ending in two spaces or a backslash breaks the line. */
function parseInlineLines(lines: readonly string[], policy: ContentPolicy): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, index) => {
    const hard = / {2,}$|\\$/.test(line);
    const text = line.replace(/( {2,}|\\)$/, '').trim();
    out.push(...parseInline(text, policy));
    if (index < lines.length - 1) out.push(hard ? { type: 'break' } : { type: 'text', text: ' ' });
  });
  return mergeText(out);
}

/** Inline spans, left to right; anything not understood stays literal text. */
export function parseInline(
  text: string,
  policy: ContentPolicy = sameOriginPolicy(),
  depth = 0,
): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  let i = 0;
  const flush = () => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
  };
  while (i < text.length) {
    // Spans are looked for within a window: a line of 20 000 stars stays linear, not quadratic.
    const rest = text.slice(i, i + SPAN_WINDOW);
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length && /[\\`*_[\]()!#>+\-.]/.test(text[i + 1] ?? '')) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const image = /^!\[([^\]]*)\]\(([^)\s]+)\)/.exec(rest);
    if (image) {
      const src = safeImageSrc(image[2] ?? '', policy);
      flush();
      if (src) out.push({ type: 'image', src, alt: image[1] ?? '' });
      else out.push({ type: 'text', text: image[1] ?? '' });
      i += image[0].length;
      continue;
    }
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest);
    if (link && depth < 3) {
      const href = safeHref(link[2] ?? '', policy);
      const children = parseInline(link[1] ?? '', policy, depth + 1);
      flush();
      if (href) out.push({ type: 'link', href, children });
      else out.push(...children);
      i += link[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong && depth < 3) {
      flush();
      out.push({ type: 'strong', children: parseInline(strong[2] ?? '', policy, depth + 1) });
      i += strong[0].length;
      continue;
    }
    const em = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?!\1)/.exec(rest);
    if (em && depth < 3 && !(ch === '_' && /\w/.test(text[i - 1] ?? ''))) {
      flush();
      out.push({ type: 'em', children: parseInline(em[2] ?? '', policy, depth + 1) });
      i += em[0].length;
      continue;
    }
    plain += ch;
    i += 1;
  }
  flush();
  return out;
}

function mergeText(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    const last = out[out.length - 1];
    if (inline.type === 'text' && last?.type === 'text') last.text += inline.text;
    else out.push(inline);
  }
  return out;
}

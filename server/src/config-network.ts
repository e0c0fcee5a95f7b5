import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Schemas of the settings that draw the network's trust boundaries (which proxies may speak for
 * a client, which pages may open sockets or frame the app, which hosts Markdown may point at).
 * Each refuses what would trust everyone, with a message that says what to write instead.
 */

/** Ranges proxy-addr (express's `trust proxy`) knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxyAddressProblem(entry: string): string | undefined {
  if (NAMED_RANGES.has(entry)) return undefined;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix === undefined) return undefined;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || bits > max) return `"${entry}" has a bad prefix length`;
  if (bits === 0) return `"${entry}" is every address: name the proxies' own addresses`;
  return undefined;
}

/**
 * `LAB_TRUST_PROXY`: false (no proxy), a hop count (the number of proxies in front of the server),
 * or the proxies' addresses/CIDR ranges. Never `true`: express would then take the left-most
 * X-Forwarded-For entry, which the client writes itself.
 */
export const TrustProxySchema = z
  .string()
  .default('false')
  .transform((raw, ctx): false | number | string[] => {
    const value = raw.trim();
    if (value === 'false' || value === '0') return false;
    if (value === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          '"true" would trust any X-Forwarded-For a client writes; give the number of proxies in front of the server (e.g. 1) or their addresses (e.g. 127.0.0.1,10.0.0.0/8)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: `${hops} proxies is not believable` });
      return hops;
    }
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const problem = proxyAddressProblem(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
    if (entries.length === 0)
      ctx.addIssue({ code: 'custom', message: 'give a hop count or proxy addresses' });
    return entries;
  });

/** A comma-separated list of web origins (`https://lms.example.edu`), each normalised. */
export const OriginListSchema = z
  .string()
  .default('')
  .transform((raw, ctx): string[] => {
    const origins: string[] = [];
    for (const entry of raw.split(',').map((e) => e.trim())) {
      if (!entry) continue;
      const url = URL.canParse(entry) ? new URL(entry) : undefined;
      if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not an origin (scheme://host[:port], nothing after)`,
        });
        continue;
      }
      origins.push(url.origin);
    }
    return origins;
  });

/**
 * CSP `frame-ancestors`: who may show the app in a frame (an LMS). `'none'`, `'self'` or a list of
 * origins; never a bare `*` or scheme, which would let any site frame the bench controls.
 */
export const FrameAncestorsSchema = z
  .string()
  .default("'self'")
  .transform((raw, ctx): string[] => {
    const value = raw.trim();
    if (value === "'none'" || value === 'none') return ["'none'"];
    const sources: string[] = [];
    for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
      if (entry === "'self'" || entry === 'self') {
        sources.push("'self'");
        continue;
      }
      const parsed = OriginListSchema.safeParse(entry);
      if (!parsed.success || entry.includes('*')) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not 'self', 'none' or an origin such as https://lms.example.edu`,
        });
        continue;
      }
      sources.push(...parsed.data);
    }
    return sources;
  });

/** A comma-separated list of host names (`cdn.example.edu`), lower-cased; no wildcards. */
export const HostListSchema = z
  .string()
  .default('')
  .transform((raw, ctx): string[] => {
    const hosts: string[] = [];
    for (const entry of raw.split(',').map((e) => e.trim().toLowerCase())) {
      if (!entry) continue;
      if (
        !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(
          entry,
        )
      ) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not a host name` });
        continue;
      }
      hosts.push(entry);
    }
    return hosts;
  });

import { describe, expect, it } from 'vitest';
import { decide } from './cache-policy.ts';

const origin = 'https://lab.example';
const at = (path: string, more: { method?: string; mode?: string } = {}) =>
  decide({ url: `${origin}${path}`, method: 'GET', mode: 'cors', origin, ...more });

describe('service worker cache policy', () => {
  it('never touches socket.io, in either transport', () => {
    expect(at('/socket.io/?EIO=4&transport=polling&t=abc')).toEqual({ kind: 'network' });
    expect(at('/socket.io/?EIO=4&transport=websocket&sid=x', { mode: 'websocket' })).toEqual({
      kind: 'network',
    });
    expect(at('/socket.io/?EIO=4&transport=polling', { method: 'POST' })).toEqual({
      kind: 'network',
    });
  });

  it('caches no API reply but a lab read by GET', () => {
    for (const path of [
      '/api/auth/me',
      '/api/bookings',
      '/api/batch-runs',
      '/api/sessions',
      '/api/courses',
      '/api/labs/abc/queue',
      '/api/labs/abc/slots',
      '/api/labs/abc?x=1',
      '/api/benches',
    ]) {
      expect(at(path), path).toEqual({ kind: 'network' });
    }
    expect(at('/api/labs/3f2c-aa')).toEqual({ kind: 'lab', labId: '3f2c-aa' });
    expect(at('/api/labs/3f2c-aa', { method: 'PUT' })).toEqual({ kind: 'network' });
  });

  it('serves the shell for page loads and hashed files from the cache', () => {
    expect(at('/', { mode: 'navigate' })).toEqual({ kind: 'shell' });
    expect(at('/index.html', { mode: 'navigate' })).toEqual({ kind: 'shell' });
    expect(at('/api/docs', { mode: 'navigate' })).toEqual({ kind: 'network' });
    expect(at('/assets/index-abc123.js')).toEqual({ kind: 'asset' });
    expect(at('/assets/index-abc123.css')).toEqual({ kind: 'asset' });
    expect(at('/assets/index-abc123.js.map')).toEqual({ kind: 'network' });
    expect(at('/manifest.webmanifest')).toEqual({ kind: 'asset' });
    expect(at('/icon.svg')).toEqual({ kind: 'asset' });
    expect(at('/sw.js')).toEqual({ kind: 'network' });
  });

  it('leaves other origins alone', () => {
    expect(
      decide({ url: 'https://cdn.example/assets/x-1.js', method: 'GET', mode: 'cors', origin }),
    ).toEqual({ kind: 'network' });
  });
});

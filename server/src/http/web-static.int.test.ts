import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebRouter } from './web-static.ts';

const SCRIPT = 'console.log("remotelab");'.repeat(50);

function get(
  port: number,
  pathname: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('web client assets', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'remotelab-dist-'));
  let server: Server;
  let port: number;

  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dist, 'assets/index-abc123.js'), SCRIPT);
    writeFileSync(path.join(dist, 'assets/index-abc123.js.gz'), gzipSync(SCRIPT, { level: 9 }));
    writeFileSync(path.join(dist, 'assets/index-abc123.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(path.join(dist, 'assets/plain-def456.js'), SCRIPT);
    writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(path.join(dist, 'manifest.webmanifest'), '{"name":"remotelab"}');
    const app = express().use(createWebRouter(dist));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends the Brotli file to a browser that accepts it, whatever the order', async () => {
    const res = await get(port, '/assets/index-abc123.js', {
      'accept-encoding': 'gzip, deflate, br, zstd',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends the gzip file to a browser that refuses Brotli or does not know it', async () => {
    const res = await get(port, '/assets/index-abc123.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(res.headers['cache-control']).toMatch(/immutable/);
    expect(res.body.length).toBeLessThan(SCRIPT.length / 5);
    expect(gunzipSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends the plain file otherwise', async () => {
    const plain = await get(port, '/assets/index-abc123.js', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    const noGz = await get(port, '/assets/plain-def456.js', { 'accept-encoding': 'gzip' });
    expect(noGz.headers['content-encoding']).toBeUndefined();
    expect(noGz.body.toString()).toBe(SCRIPT);
    const missing = await get(port, '/assets/nope.js', { 'accept-encoding': 'gzip' });
    expect(missing.status).toBe(404);
  });

  it('has browsers revalidate the shell, the service worker and the manifest', async () => {
    for (const file of ['/', '/sw.js', '/manifest.webmanifest']) {
      const res = await get(port, file, { 'accept-encoding': 'gzip, br' });
      expect(res.status, file).toBe(200);
      expect(res.headers['cache-control'], file).toBe('no-cache');
    }
    const sw = await get(port, '/sw.js', {});
    expect(sw.headers['content-type']).toMatch(/javascript/);
    const manifest = await get(port, '/manifest.webmanifest', {});
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
  });
});

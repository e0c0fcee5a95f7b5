import { afterEach, describe, expect, it } from 'vitest';
import { startSecurityPlatform, type SecurityPlatform } from '../support/security-platform.ts';

/**
 * Issue 9, item 7: every answer (the page, the API, the docs) carries helmet's security headers:
 * a CSP without inline script, frame-ancestors as LAB_FRAME_ANCESTORS says, nosniff and a
 * Referrer-Policy that keeps reset tokens in URLs to this site. (csp-client.test.ts
 * checks in Chromium that the built client runs under this CSP.)
 */
describe('security headers', () => {
  let s: SecurityPlatform | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  function directives(csp: string | null): Map<string, string> {
    return new Map(
      (csp ?? '')
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const [name = '', ...values] = part.split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
    );
  }

  it('on the page, the API and the docs, by default', async () => {
    s = await startSecurityPlatform();
    for (const path of ['/', '/reset-password?token=abc', '/api/benches', '/api/docs']) {
      const answer = await fetch(`${s.platform.url}${path}`);
      const csp = directives(answer.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toBe("'self'");
      expect(csp.get('script-src'), path).toBe("'self'");
      expect(csp.get('object-src'), path).toBe("'none'");
      expect(csp.get('frame-ancestors'), path).toBe("'self'");
      expect(csp.get('img-src'), path).toBe("'self' data:");
      expect(csp.get('style-src'), path).toMatch(/^'self' 'sha256-[A-Za-z0-9+/]+=*'$/);
      expect(answer.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(answer.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(answer.headers.get('x-powered-by'), path).toBeNull();
      // Plain http: no HSTS promise the site cannot keep.
      expect(answer.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('lets the configured LMS frame the app, and images come from the allowed hosts', async () => {
    s = await startSecurityPlatform({
      LAB_FRAME_ANCESTORS: "'self' https://moodle.example.edu",
      LAB_IMAGE_HOSTS: 'images.example.edu',
      LAB_PUBLIC_URL: 'https://lab.example.edu',
    });
    const answer = await fetch(`${s.platform.url}/`);
    const csp = directives(answer.headers.get('content-security-policy'));
    expect(csp.get('frame-ancestors')).toBe("'self' https://moodle.example.edu");
    expect(csp.get('img-src')).toBe("'self' data: https://images.example.edu");
    // X-Frame-Options knows no lists: it is left out rather than contradicting the CSP.
    expect(answer.headers.get('x-frame-options')).toBeNull();
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const policy = await fetch(`${s.platform.url}/api/site/content-policy`);
    expect(await policy.json()).toEqual({ linkHosts: [], imageHosts: ['images.example.edu'] });
  });

  it("'none' forbids every frame", async () => {
    s = await startSecurityPlatform({ LAB_FRAME_ANCESTORS: "'none'" });
    const answer = await fetch(`${s.platform.url}/api/benches`);
    expect(directives(answer.headers.get('content-security-policy')).get('frame-ancestors')).toBe(
      "'none'",
    );
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });
});

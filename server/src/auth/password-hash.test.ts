import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.ts';

const cheap = { log2N: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password', cheap)).not.toBe(
      await hashPassword('same password', cheap),
    );
  });

  it('treats the composed and decomposed forms of a letter as the same password', async () => {
    const hash = await hashPassword('caf\u00e9-p\u00e2ss', cheap);
    expect(await verifyPassword('cafe\u0301-pa\u0302ss', hash)).toBe(true);
  });

  it('never matches a malformed or foreign hash', async () => {
    for (const stored of [
      '',
      'scrypt$',
      'bcrypt$10$x$y',
      'scrypt$99$8$1$c2FsdA==$a2V5',
      'scrypt$x$8$1$a$b',
    ]) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('asks for a rehash when the stored cost is below the configured one', async () => {
    const hash = await hashPassword('some password', cheap);
    expect(needsRehash(hash, cheap)).toBe(false);
    expect(needsRehash(hash, { log2N: 11, r: 8, p: 1 })).toBe(true);
    expect(needsRehash('garbage', cheap)).toBe(true);
  });
});

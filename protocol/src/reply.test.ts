import { describe, expect, it } from 'vitest';
import { checkReply } from './reply.ts';
import { z } from './zod.ts';

describe('checkReply', () => {
  const Schema = z.object({ id: z.string(), count: z.number().int() });

  it('gives the parsed reply', () => {
    expect(checkReply(Schema, { id: 'a', count: 2, extra: true }, 'GET /x')).toEqual({
      ok: true,
      data: { id: 'a', count: 2 },
    });
  });

  it('names where the reply came from and the field at fault', () => {
    const check = checkReply(Schema, { id: 'a', count: 'two' }, 'GET /api/x');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toMatch(/GET \/api\/x[\s\S]*count/);
  });
});

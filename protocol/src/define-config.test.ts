import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, defineConfig } from './define-config.ts';

const config = defineConfig('test', {
  port: {
    env: 'PORT',
    schema: z.coerce.number().int().min(0).max(65535).default(8080),
    doc: 'port',
  },
  name: { env: 'LAB_NAME', schema: z.string().min(1), doc: 'a required name' },
});

describe('defineConfig', () => {
  it('parses each variable through its schema, with its default, and freezes the result', () => {
    const read = config.read({ LAB_NAME: 'lab', PORT: '' });
    expect(read).toEqual({ port: 8080, name: 'lab' });
    expect(Object.isFrozen(read)).toBe(true);
  });

  it('names every variable at fault in one message', () => {
    expect(() => config.read({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => config.read({ PORT: 'eighty' })).toThrow(
      /Invalid test configuration: PORT: .*; LAB_NAME: /,
    );
  });

  it('validates a caller’s defaults like the environment, and lets the environment win', () => {
    expect(config.read({}, { name: 'demo', port: '0' })).toEqual({ port: 0, name: 'demo' });
    expect(config.read({ PORT: '9000' }, { name: 'demo', port: '0' }).port).toBe(9000);
    expect(() => config.read({}, { name: 'demo', port: '-1' })).toThrow(/PORT/);
  });

  it('describes every variable', () => {
    expect(config.describe()).toEqual([
      { env: 'PORT', doc: 'port' },
      { env: 'LAB_NAME', doc: 'a required name' },
    ]);
  });
});

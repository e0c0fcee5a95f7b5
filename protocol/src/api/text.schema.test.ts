import { describe, expect, it } from 'vitest';
import { lineText, longText } from './text.schema.ts';

describe('text schemas', () => {
  it.each([
    ['lineText', lineText(100)],
    ['longText', longText(1000)],
  ])('%s refuses lone UTF-16 surrogates and keeps pairs', (_name, schema) => {
    for (const broken of ['\ud800', 'a\udc00b', '\ud83d\ud83d', 'x\udfff'])
      expect(schema.safeParse(broken).success, JSON.stringify(broken)).toBe(false);
    for (const fine of ['Leila \ud83d\udc4d', 'ليلى', 'plain'])
      expect(schema.safeParse(fine).success, fine).toBe(true);
  });
});

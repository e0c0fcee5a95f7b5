import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@remotelab/protocol';
import { LANGUAGES } from './languages.ts';
import { RESOURCES } from './resources.ts';

/** "a.b.c" for every leaf of a nested message object. */
function leaves(messages: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of leaves(value, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const reference = leaves(RESOURCES.en.translation);

describe.each(LANGUAGES.filter((language) => language !== 'en'))('%s translation', (language) => {
  const messages = leaves(RESOURCES[language].translation);

  it('has no key missing compared with English', () => {
    expect([...reference.keys()].filter((key) => !messages.has(key))).toEqual([]);
  });

  it('has no key English lacks', () => {
    expect([...messages.keys()].filter((key) => !reference.has(key))).toEqual([]);
  });

  it('uses the same placeholders as English in every message', () => {
    for (const [key, english] of reference) {
      expect(placeholders(String(messages.get(key) ?? '')), key).toEqual(
        placeholders(String(english)),
      );
    }
  });
});

describe('every translation', () => {
  it.each(LANGUAGES)('%s has a non-empty string for every key', (language) => {
    for (const [key, value] of leaves(RESOURCES[language].translation)) {
      expect(typeof value === 'string' && value.trim().length > 0, `${language}: ${key}`).toBe(
        true,
      );
    }
  });

  it('explains every protocol error code', () => {
    const errors = Object.keys(RESOURCES.en.translation.errors);
    expect(ERROR_CODES.filter((code) => !errors.includes(code))).toEqual([]);
  });
});

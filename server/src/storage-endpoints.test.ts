import { describe, expect, it } from 'vitest';
import { redactUrl } from './storage-endpoints.ts';

describe('redactUrl', () => {
  it('keeps the user, host, port and database, drops the password and the query', () => {
    expect(redactUrl('postgres://remotelab:s3cret@postgres:5432/remotelab?password=x')).toBe(
      'postgres://remotelab@postgres:5432/remotelab',
    );
    expect(redactUrl('redis://:s3cret@redis:6379/2')).toBe('redis://redis:6379/2');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('keeps a SQLite path as it is', () => {
    expect(redactUrl('sqlite:data/remotelab.db')).toBe('sqlite:data/remotelab.db');
  });

  it('never echoes a URL it cannot parse', () => {
    expect(redactUrl('postgres://user:pa ss@@')).toBe('(unparsable URL)');
  });
});

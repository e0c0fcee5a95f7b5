import { describe, expect, it } from 'vitest';
import { passwordProblem } from './reset-confirm-page.tsx';

describe('passwordProblem', () => {
  it('asks for the length the server asks for, and the same password twice', () => {
    expect(passwordProblem('short', 'short')).toBe('short');
    expect(passwordProblem('x'.repeat(201), 'x'.repeat(201))).toBe('long');
    expect(passwordProblem('long enough!', 'long enough?')).toBe('differ');
    expect(passwordProblem('long enough!', 'long enough!')).toBeNull();
  });
});

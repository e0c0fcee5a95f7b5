import { describe, expect, it } from 'vitest';
import { CliUsageError, parseVirtualBoardArgs } from './cli-options.ts';

describe('parseVirtualBoardArgs', () => {
  it('reads every option', () => {
    expect(
      parseVirtualBoardArgs([
        ...['--bench', 'rc-filter', '--link', '/tmp/x.tty', '--baud', '115200'],
        ...['--model', 'counter', '--seed', '42', '--pin-log', '/tmp/pins.jsonl'],
      ]),
    ).toEqual({
      bench: 'rc-filter',
      link: '/tmp/x.tty',
      baud: 115_200,
      model: 'counter',
      seed: 42,
      pinLog: '/tmp/pins.jsonl',
      help: false,
    });
  });

  it.each([
    [[], /--bench is required/],
    [['--bench', 'rc-filter', '--baud', 'fast'], /--baud must be an integer/],
    [['--bench', 'rc-filter', '--seed', '1.5'], /--seed must be an integer/],
    [['--bench', 'rc-filter', '--port', 'x'], /Unknown option '--port'/],
    [['rc-filter'], /Unexpected argument/],
    [['--bench', '--link', 'x'], /^Option '--bench' argument is ambiguous\. Usage: /],
  ])('refuses %j with one sentence', (argv, message) => {
    expect(() => parseVirtualBoardArgs(argv)).toThrowError(CliUsageError);
    expect(() => parseVirtualBoardArgs(argv)).toThrowError(message);
    expect(() => parseVirtualBoardArgs(argv)).not.toThrowError(/\n/);
  });
});

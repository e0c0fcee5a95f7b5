import { describe, expect, it } from 'vitest';
import { UNKNOWN_BOARD, startupOfPort, startupOfUsbIds } from './board-startup.ts';

describe('the version-query delay from the board type', () => {
  it('waits past optiboot on an Uno, longer on a clone, hardly at all on a Leonardo', () => {
    expect(startupOfUsbIds('2341', '0043').versionQueryDelayMs).toBe(2000);
    expect(startupOfUsbIds('1A86', '7523').versionQueryDelayMs).toBe(3500);
    expect(startupOfUsbIds('2341', '8036').versionQueryDelayMs).toBe(200);
  });

  it('treats an unknown board, or a port the system does not list, as the slowest', async () => {
    expect(startupOfUsbIds('dead', 'beef')).toBe(UNKNOWN_BOARD);
    expect(startupOfUsbIds(undefined, undefined)).toBe(UNKNOWN_BOARD);
    expect(await startupOfPort('/dev/remotelab-no-such-port')).toBe(UNKNOWN_BOARD);
  });
});

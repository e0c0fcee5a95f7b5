import { afterAll, beforeAll, it } from 'vitest';
import { command, framesFor, samplesOf, startTwinStack, type TwinStack } from './twin-support.ts';
let stack: TwinStack;
beforeAll(async () => { stack = await startTwinStack('rc-filter'); });
afterAll(async () => { await stack?.close(); });
it('trace', async () => {
  await command(stack, 'duty', 0);
  await framesFor(stack, Date.now(), 400);
  const s0 = stack.twin.stats();
  const up = await command(stack, 'duty', 100);
  const rising = await framesFor(stack, up, 700);
  const s = samplesOf(rising, 'vout').filter((x) => x.t > up - 20);
  const line: string[] = [];
  for (let i = 0; i < s.length; i += 8) line.push(`${Math.round(s[i]!.t - up)}:${s[i]!.v.toFixed(2)}`);
  console.info(line.join(' '));
  console.info(s0, stack.twin.stats());
}, 20000);

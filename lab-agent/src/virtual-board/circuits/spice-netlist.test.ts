import { describe, expect, it } from 'vitest';
import {
  buildChunkDeck,
  checkProbeExpression,
  checkTwinNetlist,
  probeVector,
} from './spice-netlist.ts';

const RC = 'R1 pwm out 10k\nC1 out 0 10u';

describe('checkTwinNetlist', () => {
  it('accepts a circuit with models, parameters and B sources of twin_t0', () => {
    const netlist = [
      '* comment',
      '.param r=10k',
      'R1 pwm out {r}',
      'D1 out 0 LED',
      '.model LED D(IS=1e-22 RS=6 N=1.5)',
      'Bref ref 0 V=2.5+1.5*sin(2*pi*0.5*(time+twin_t0))',
    ].join('\n');
    expect(checkTwinNetlist(netlist)).toEqual([]);
  });

  it('refuses analysis and control lines, reserved names and time-dependent sources', () => {
    const problems = checkTwinNetlist(
      [RC, '.tran 1m 1', 'Rtwin_x a 0 1k', 'Vsig a 0 SIN(0 1 50)', '.end'].join('\n'),
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/line 3 .*\.tran is not allowed/);
    expect(problems[1]).toMatch(/line 4 .*"twin_" are reserved/);
    expect(problems[2]).toMatch(/line 5 .*time-dependent source .*B source of \(time \+ twin_t0\)/);
    expect(problems[3]).toMatch(/line 6 .*\.end is not allowed/);
  });

  it('refuses unbalanced parentheses, on which ngspice would hang', () => {
    expect(checkTwinNetlist('Bx x 0 V=v(a')).toEqual([
      'netlist line 1 ("Bx x 0 V=v(a"): its parentheses do not balance (ngspice would hang on it).',
    ]);
    // A YAML flow mapping cuts an unquoted `v(a,b)` at the comma: this is what is left.
    expect(checkProbeExpression('v(vinp')).toMatch(/do not balance/);
    expect(checkProbeExpression('v(vinp,vinm)/0.1')).toBeUndefined();
  });
});

describe('buildChunkDeck', () => {
  it('adds the drives, probes, start time and .tran with uic, without initial state at power-up', () => {
    const deck = buildChunkDeck({
      netlist: RC,
      drives: [
        { node: 'pwm', drive: { kind: 'source', volts: 2.5 } },
        { node: 'arm', drive: undefined },
      ],
      probes: ['v(out)', 'i(vtwin_d0)*1000'],
      initial: undefined,
      startMs: 1500,
      durationMs: 200,
      stepMs: 1,
    });
    expect(deck.split('\n')).toEqual([
      '* remotelab twin chunk at 1500 ms',
      '.param twin_t0=1.5',
      'R1 pwm out 10k',
      'C1 out 0 10u',
      'Vtwin_d0 pwm 0 DC 2.5',
      'Btwin_p0 twin_p0 0 V=v(out)',
      'Btwin_p1 twin_p1 0 V=i(vtwin_d0)*1000',
      '.tran 0.001 0.2 0 0.001 uic',
      '.end',
    ]);
    expect(probeVector(1)).toBe('v(twin_p1)');
  });

  it('carries node voltages with .ic and inductor currents with IC=, skipping its own nodes', () => {
    const initial = new Map([
      ['v(out)', 3.25],
      ['v(twin_p0)', 3.25],
      ['i(l1)', 0.012],
      ['i(vtwin_d0)', -1e-4],
    ]);
    const deck = buildChunkDeck({
      netlist: 'R1 pwm out 10k\nL1 out 0 10m IC=0\nC1 out 0 10u',
      drives: [{ node: 'pwm', drive: { kind: 'load', ohms: 35_000, volts: 5 } }],
      probes: ['v(out)'],
      initial,
      startMs: 0,
      durationMs: 100,
      stepMs: 1,
    });
    const lines = deck.split('\n');
    expect(lines).toContain('L1 out 0 10m IC=0.012');
    expect(lines).toContain('.ic v(out)=3.25');
    expect(lines).toContain('Vtwin_d0 twin_d0 0 DC 5');
    expect(lines).toContain('Rtwin_d0 twin_d0 pwm 35000');
    expect(deck).not.toMatch(/\.ic .*twin_/);
  });
});

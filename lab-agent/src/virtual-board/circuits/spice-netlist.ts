import type { NodeDrive } from './node-drive.ts';

/**
 * The SPICE decks a twin hands to ngspice. A bench's `twin.netlist` is the circuit only
 * (elements, `.model`, `.param`, `.subckt`); for each chunk of time this module adds the title,
 * the board's drives, the probes, the initial conditions carried from the previous chunk, the
 * chunk's start time and the `.tran` line.
 *
 * Reserved names: everything starting with `twin_` (nodes, parameters, element names after their
 * type letter) belongs to this module.
 */

/** Dot-commands a twin netlist may contain; the others (`.tran`, `.end`, `.ic`...) are ours. */
const ALLOWED_DOT_COMMANDS = new Set([
  '.model',
  '.param',
  '.func',
  '.subckt',
  '.ends',
  '.global',
  '.options',
  '.option',
]);
/**
 * Independent sources whose value depends on the simulator's `time` restart at every chunk, so
 * they are refused: write them as B sources of `(time + twin_t0)` instead.
 */
const TIME_FUNCTION = /\b(sin|pulse|pwl|exp|sffm|am|trnoise|trrandom)\s*\(/i;

/** The problems of a twin netlist, each one sentence naming the line; empty when usable. */
export function checkTwinNetlist(netlist: string): string[] {
  const problems: string[] = [];
  netlist.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const where = `netlist line ${index + 1} ("${line.slice(0, 40)}")`;
    if (line === '' || line.startsWith('*') || line.startsWith(';')) return;
    const lower = line.toLowerCase();
    if (lower.startsWith('.')) {
      const command = lower.split(/\s/)[0] ?? '';
      if (!ALLOWED_DOT_COMMANDS.has(command)) {
        problems.push(
          `${where}: ${command} is not allowed in a twin netlist; the twin adds the title, ` +
            `.ic, .tran and .end itself (allowed: ${[...ALLOWED_DOT_COMMANDS].join(' ')}).`,
        );
      }
      return;
    }
    if (!parenthesesBalance(line)) {
      problems.push(`${where}: its parentheses do not balance (ngspice would hang on it).`);
    }
    if (usesReservedName(line)) {
      problems.push(`${where}: names starting with "twin_" are reserved for the twin.`);
    }
    if ((lower.startsWith('v') || lower.startsWith('i')) && TIME_FUNCTION.test(line)) {
      problems.push(
        `${where}: a time-dependent source restarts at every solver chunk; write it as a ` +
          `B source of (time + twin_t0), e.g. "Bsig n 0 V=2.5+sin(2*pi*0.5*(time+twin_t0))".`,
      );
    }
  });
  return problems;
}

/** The problem with a probe expression, or undefined when it can go into a B source. */
export function checkProbeExpression(expr: string): string | undefined {
  if (/[\r\n]/.test(expr)) return `probe "${expr}" spans several lines`;
  if (!parenthesesBalance(expr)) return `the parentheses of probe "${expr}" do not balance`;
  return undefined;
}

function parenthesesBalance(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Whether a line names a node or element `twin_...` (the element's type letter aside). */
function usesReservedName(line: string): boolean {
  return line
    .toLowerCase()
    .split(/[\s()=,+\-*/{}]+/)
    .some((token, i) => {
      const name = i === 0 ? token.slice(1) : token;
      return name.startsWith('twin_') && name !== 'twin_t0';
    });
}

/** The circuit's state at a chunk boundary: node voltages and inductor currents, by vector name. */
export type SpiceState = ReadonlyMap<string, number>;

export interface ChunkDeckOptions {
  /** The bench's twin netlist (already checked). */
  netlist: string;
  /** One entry per `twin.drives` entry, in order; `undefined` leaves the node alone (servo). */
  drives: ReadonlyArray<{ node: string; drive: NodeDrive | undefined }>;
  /** SPICE expressions of the probes, in order; probe k is read as `v(twin_p<k>)`. */
  probes: readonly string[];
  /** State to start from; none at power-up (capacitors discharged, inductors at rest). */
  initial: SpiceState | undefined;
  /** Board time of the chunk's start (ms): B sources see it as `twin_t0` (s). */
  startMs: number;
  durationMs: number;
  /** Largest time step (ms); output rows are at most this far apart. */
  stepMs: number;
}

/** The vector that holds probe `index`. */
export const probeVector = (index: number): string => `v(twin_p${index})`;

/** A complete deck for one transient chunk. */
export function buildChunkDeck(options: ChunkDeckOptions): string {
  const { initial } = options;
  const lines = [`* remotelab twin chunk at ${options.startMs} ms`];
  lines.push(`.param twin_t0=${seconds(options.startMs)}`);
  lines.push(...withInductorCurrents(options.netlist, initial));
  options.drives.forEach(({ node, drive }, k) => lines.push(...driveLines(k, node, drive)));
  // A probe is a behavioural voltage source: ngspice evaluates the expression (v(a,b), i(vx))
  // itself, so probes accept whatever a B source accepts.
  options.probes.forEach((expr, k) => lines.push(`Btwin_p${k} twin_p${k} 0 V=${expr}`));
  if (initial) lines.push(...icLines(initial));
  const step = seconds(options.stepMs);
  // `uic`: start from the .ic values (capacitor charges) instead of a DC operating point, which
  // is what carries the state from one chunk to the next.
  lines.push(`.tran ${step} ${seconds(options.durationMs)} 0 ${step} uic`, '.end');
  return lines.join('\n');
}

function driveLines(k: number, node: string, drive: NodeDrive | undefined): string[] {
  if (!drive) return [];
  if (drive.kind === 'source') return [`Vtwin_d${k} ${node} 0 DC ${drive.volts}`];
  return [
    `Vtwin_d${k} twin_d${k} 0 DC ${drive.volts}`,
    `Rtwin_d${k} twin_d${k} ${node} ${drive.ohms}`,
  ];
}

/**
 * `.ic v(node)=...` for every circuit node of the previous chunk (not the twin's own nodes,
 * whose sources set them anyway). With `uic`, ngspice derives each capacitor's initial voltage
 * from these node voltages.
 */
function icLines(state: SpiceState): string[] {
  const entries: string[] = [];
  for (const [name, value] of state) {
    if (name.startsWith('v(') && !name.startsWith('v(twin_')) entries.push(`${name}=${value}`);
  }
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += 8)
    lines.push(`.ic ${entries.slice(i, i + 8).join(' ')}`);
  return lines;
}

/**
 * Inductors keep their current across chunks through `IC=` on their own line (`.ic` sets node
 * voltages only). Top-level inductors only: state inside a subcircuit is not carried.
 */
function withInductorCurrents(netlist: string, state: SpiceState | undefined): string[] {
  let depth = 0;
  return netlist.split('\n').map((line) => {
    const lower = line.trim().toLowerCase();
    if (lower.startsWith('.subckt')) depth += 1;
    if (lower.startsWith('.ends')) depth = Math.max(0, depth - 1);
    if (!state || depth > 0 || !lower.startsWith('l')) return line;
    const name = lower.split(/\s+/)[0] ?? '';
    const current = state.get(`i(${name})`);
    if (current === undefined) return line;
    return `${line.replace(/\s+ic\s*=\s*\S+/i, '')} IC=${current}`;
  });
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

// The ngspice engine (eecircuit-engine, WebAssembly) in a worker thread, so a transient solve never
// blocks the virtual board's firmware loop on the main thread.
//
// Plain JavaScript on purpose: Node 20 does not pass tsx's loader hooks to worker threads, so a
// `.ts` worker would fail under `npm run virtual-board` and under vitest alike. The worker only
// relays netlists and results; spice-solver.ts types and checks both ends.
//
// Protocol (one request at a time; the parent queues):
//   parent -> worker  { id: number, netlist: string }
//   worker -> parent  { type: 'ready', startMs }                       once, after the engine starts
//                     { type: 'result', id, names, columns, warnings, solveMs }
//                                                  columns: one Float64Array per vector name
//                     { type: 'error', id, errors: string[], solveMs }  ngspice refused or failed
import { parentPort } from 'node:worker_threads';
import { Simulation } from 'eecircuit-engine';

const port = parentPort;
if (!port) throw new Error('spice-engine.worker.mjs must run as a worker thread');

const startedAt = performance.now();
const simulation = new Simulation();
await simulation.start();
port.postMessage({ type: 'ready', startMs: performance.now() - startedAt });

port.on('message', async (/** @type {{ id: number, netlist: string }} */ request) => {
  const t0 = performance.now();
  try {
    simulation.setNetList(request.netlist);
    const result = await simulation.runSim();
    const solveMs = performance.now() - t0;
    const errors = simulation.getError().filter((line) => line.trim() !== '');
    if (result.dataType !== 'real' || result.numPoints < 1 || result.data.length === 0) {
      port.postMessage({ type: 'error', id: request.id, errors, solveMs });
      return;
    }
    const names = result.data.map((vector) => vector.name);
    const columns = result.data.map((vector) => Float64Array.from(vector.values));
    port.postMessage(
      { type: 'result', id: request.id, names, columns, warnings: errors, solveMs },
      columns.map((column) => column.buffer),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage({
      type: 'error',
      id: request.id,
      errors: [message],
      solveMs: performance.now() - t0,
    });
  }
});

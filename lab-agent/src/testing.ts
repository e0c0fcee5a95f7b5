// Harnesses for tests and benchmarks: `@remotelab/lab-agent/testing`. The package exports this
// entry under the source condition only, so the production build cannot resolve it.
export { benchDriverContract } from './drivers/bench-driver.contract.ts';
export { buildChunkDeck } from './virtual-board/circuits/spice-netlist.ts';
export { acquireSpiceSolver } from './virtual-board/circuits/spice-solver.ts';

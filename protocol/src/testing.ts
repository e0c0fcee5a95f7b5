// Fixtures for the tests of every workspace: `@remotelab/protocol/testing`. The package exports
// this entry under the source condition only, so the production build cannot resolve it.
export { VOUT_INPUT, labControlsBench } from './testing/lab-controls-bench.ts';

// Public API of the virtual Firmata board (`@remotelab/lab-agent/virtual-board`).
export { startVirtualBoard, RunningVirtualBoard } from './virtual-board.ts';
export type { VirtualBoardOptions } from './virtual-board.ts';
export { InMemoryVirtualBoard, InMemoryHostTransport } from './in-memory-virtual-board.ts';
export type { InMemoryVirtualBoardOptions } from './in-memory-virtual-board.ts';
export { VirtualBoardCore, preciseEpochNow, resolveCircuitModel } from './virtual-board-core.ts';
export type { VirtualBoardCoreOptions, VirtualBoardEvents } from './virtual-board-core.ts';
export type { EmittedCycle, SamplingCycle } from './firmware-loop.ts';
export { FirmataBoardEmulator } from './firmata-board-emulator.ts';
export type {
  FirmataBoardContext,
  FirmataBoardEmulatorOptions,
  FirmataBoardEvents,
  PinWrite,
} from './firmata-board-types.ts';
export { UartPacer } from './uart-pacer.ts';
export { defaultLinkPath, openPtyLink, PtyLink, PtyLinkError } from './pty-link.ts';
export {
  createCircuitModel,
  CircuitModelError,
  CIRCUIT_MODEL_NAMES,
} from './circuits/create-circuit-model.ts';
export type { TwinDefinition } from './circuits/create-circuit-model.ts';
export type { CircuitModel, PinOutputs, SampleContext } from './circuits/circuit-model.ts';

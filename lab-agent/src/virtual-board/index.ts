// Public API of the virtual Firmata board (`@remotelab/lab-agent/virtual-board`).
export { startVirtualBoard, RunningVirtualBoard } from './virtual-board.ts';
export type { VirtualBoardOptions } from './virtual-board.ts';
export { InMemoryVirtualBoard } from './in-memory-virtual-board.ts';
export type { InMemoryVirtualBoardOptions } from './in-memory-virtual-board.ts';
export { VirtualBoardCore, preciseEpochNow } from './virtual-board-core.ts';
export type { VirtualBoardCoreOptions, VirtualBoardEvents } from './virtual-board-core.ts';
export type { EmittedCycle, SamplingCycle } from './firmware-loop.ts';
export { FirmataBoardEmulator } from './firmata-board-emulator.ts';
export { isPinLevelWrite } from './firmata-board-types.ts';
export type {
  FirmataBoardContext,
  FirmataBoardEmulatorOptions,
  FirmataBoardEvents,
  I2cBusWrite,
  PinLevelWrite,
  PinWrite,
} from './firmata-board-types.ts';
export { UartPacer } from './uart-pacer.ts';
export { defaultLinkPath, openPtyLink, PtyLink, PtyLinkError } from './pty-link.ts';
export { createCircuitModel, CircuitModelError } from './circuits/create-circuit-model.ts';
export type { TwinDefinition } from './circuits/create-circuit-model.ts';
export type { CircuitModel, PinOutputs, SampleContext } from './circuits/circuit-model.ts';
export { SpiceCircuit } from './circuits/spice-circuit.ts';
export type { SpiceCircuitStats } from './circuits/spice-circuit.ts';
export { Mcp4725Device, parseMcp4725Write } from './i2c/mcp4725-device.ts';
export type { Mcp4725Update } from './i2c/mcp4725-device.ts';
export { INA219, Ina219Device } from './i2c/ina219-device.ts';
export type { Ina219Sense } from './i2c/ina219-device.ts';
export { I2cBus } from './i2c/i2c-bus.ts';
export type { I2cDevice } from './i2c/i2c-bus.ts';

import type { BenchDefinition } from '@remotelab/protocol';
import { ina219ConfigBytes, ina219ReadPlan } from '../devices/ina219.ts';
import type { SamplingRequest } from './bench-driver.ts';

/** What a bench definition asks of its board: pin modes, reporting and the I2C reads. */
export function samplingRequestOf(definition: BenchDefinition): SamplingRequest {
  const { inputs, outputs } = definition;
  const sensors = inputs.flatMap((i) => (i.kind === 'ina219' ? [i] : []));
  const sensorAddresses = [...new Set(sensors.map((i) => i.address))];
  return {
    intervalMs: definition.sampling.intervalMs,
    analogChannels: inputs.flatMap((i) => (i.kind === 'analog-in' ? [i.pin] : [])),
    digitalInputs: inputs.flatMap((i) =>
      i.kind === 'digital-in' ? [{ pin: i.pin, pullUp: i.pullUp }] : [],
    ),
    pwmPins: outputs.flatMap((o) => (o.kind === 'pwm-out' ? [o.pin] : [])),
    digitalOutputPins: outputs.flatMap((o) => (o.kind === 'digital-out' ? [o.pin] : [])),
    servoPins: outputs.flatMap((o) => (o.kind === 'servo-out' ? [o.pin] : [])),
    usesI2c: sensors.length > 0 || outputs.some((o) => o.kind === 'mcp4725'),
    i2cSetup: sensorAddresses.map((address) => ({ address, bytes: ina219ConfigBytes() })),
    i2cReads: sensors.map((input) => ({
      id: input.id,
      address: input.address,
      register: ina219ReadPlan(input).register,
      byteCount: 2,
      intervalMs: input.intervalMs,
    })),
  };
}

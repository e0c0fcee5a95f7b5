import {
  ProtocolError,
  checkOutputValue,
  type BenchDescriptor,
  type OutputValue,
} from '@remotelab/protocol';

/**
 * The server's check of a browser command against the bench's published controls. The agent
 * checks again against its own definition: this check exists so a bad value is refused at once,
 * without a round trip to the lab.
 */
export function checkCommand(bench: BenchDescriptor, outputId: string, value: OutputValue): void {
  const output = bench.outputs.find((candidate) => candidate.id === outputId);
  if (!output) {
    throw new ProtocolError('NOT_EXPOSED', `Bench ${bench.id} has no control "${outputId}".`);
  }
  checkOutputValue(output, value);
}

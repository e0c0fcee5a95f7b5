import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  AgentCommandSchema,
  BenchRequestSchema,
  HoldSafeSchema,
  ProtocolError,
  SessionEndSchema,
  SessionStartSchema,
  describeZodError,
  fail,
  ok,
  type Ack,
} from '@remotelab/protocol';
import type { BenchController } from '../bench/bench-controller.ts';

/** A handler of one server -> agent request: `raw` is untrusted, the ack is always called once. */
type Handler = (raw: unknown, ack: (res: Ack<unknown>) => void) => void;

/**
 * The agent's side of every server -> agent request, by event name. Each payload is parsed with
 * its schema (BAD_REQUEST otherwise), routed to its bench (UNKNOWN_BENCH otherwise) and answered
 * with the one ack envelope; a ProtocolError becomes its code, anything else INTERNAL (logged).
 * The same path serves the socket and tests that drive the agent without a server.
 */
export function agentRequestHandlers(
  benches: readonly BenchController[],
  logger: Logger,
): Record<string, Handler> {
  const handle =
    <S extends z.ZodType>(
      schema: S,
      run: (bench: BenchController, request: z.infer<S>) => Promise<unknown> | unknown,
    ): Handler =>
    (raw, ack) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return ack(fail('BAD_REQUEST', describeZodError(parsed.error)));
      const request = parsed.data as z.infer<S> & { benchId: string };
      const bench = benches.find((candidate) => candidate.id === request.benchId);
      if (!bench) return ack(fail('UNKNOWN_BENCH', `This agent has no bench ${request.benchId}.`));
      Promise.resolve()
        .then(() => run(bench, request))
        .then(
          (data) => ack(ok(data)),
          (error: unknown) => {
            if (error instanceof ProtocolError) return ack(fail(error.code, error.message));
            logger.error({ err: error, benchId: request.benchId }, 'request failed');
            ack(fail('INTERNAL', 'The agent could not carry out the request.'));
          },
        );
    };
  return {
    command: handle(AgentCommandSchema, (bench, c) =>
      bench.applyCommand(c.output, c.value, c.sessionId),
    ),
    'session:start': handle(SessionStartSchema, (bench, start) => bench.startSession(start)),
    'session:end': handle(SessionEndSchema, (bench, end) => bench.endSession(end.sessionId)),
    'bench:hold-safe': handle(HoldSafeSchema, (bench, hold) => bench.holdSafe(hold)),
    'bench:self-test': handle(BenchRequestSchema, (bench) => bench.runSelfTest('on-demand')),
    'bench:clear-quarantine': handle(BenchRequestSchema, (bench) => bench.clearQuarantine()),
  };
}

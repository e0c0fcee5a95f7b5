import type { BenchView } from '@remotelab/protocol';
import type { ClientAck } from '../realtime/client-ack.ts';
import type { LabSocket } from '../realtime/lab-socket.ts';

type Lab = Pick<
  LabSocket,
  'connected' | 'subscribe' | 'unsubscribe' | 'onConnect' | 'onBenchState'
>;

/**
 * Keeps one bench subscribed while a page shows it: at once if connected, again on every
 * (re)connection (the server forgets a dropped socket's subscriptions), and again when the bench
 * comes online after a refusal: after a server restart the browser is often back before the
 * bench's agent, and the first subscribe is refused with UNKNOWN_BENCH. Without that the chart
 * would stay empty until a reload. Only the newest request's answer counts.
 */
export class BenchSubscription {
  private generation = 0;
  private subscribed = false;
  private stopped = false;
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly lab: Lab,
    private readonly benchId: string,
    private readonly onAnswer: (ack: ClientAck<BenchView>) => void,
  ) {}

  start(): void {
    this.offs.push(
      this.lab.onConnect(() => {
        this.subscribed = false;
        this.subscribe();
      }),
      this.lab.onBenchState((bench) => {
        if (bench.id === this.benchId && bench.status === 'online' && !this.subscribed) {
          this.subscribe();
        }
      }),
    );
    if (this.lab.connected) this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.offs.splice(0)) off();
    if (this.lab.connected) void this.lab.unsubscribe(this.benchId);
  }

  private subscribe(): void {
    const generation = (this.generation += 1);
    void this.lab.subscribe(this.benchId).then((ack) => {
      if (this.stopped || generation !== this.generation) return;
      this.subscribed = ack.status === 'ok';
      this.onAnswer(ack);
    });
  }
}

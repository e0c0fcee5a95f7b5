import type { CPU } from 'avr8js';
import { usart0Config } from 'avr8js';

const UCSRA_RXC = 0x80;
const UCSRB_RXCIE = 0x80;
const UCSRB_RXEN = 0x10;

/** USART0's receive-complete interrupt, as avr8js describes an interrupt. */
const RX_COMPLETE = {
  address: usart0Config.rxCompleteInterrupt,
  flagRegister: usart0Config.UCSRA,
  flagMask: UCSRA_RXC,
  enableRegister: usart0Config.UCSRB,
  enableMask: UCSRB_RXCIE,
  constant: true,
};

/**
 * avr8js 0.21 clears a pending receive-complete (RXC) on every write to UCSR0B that leaves the
 * receiver enabled. The Arduino core writes UCSR0B each time it queues a byte to send (it sets
 * UDRIE0), so under full transmit load a byte the host sent is dropped before the firmware reads
 * it. On the ATmega328P, RXC0 clears only when UDR0 is read or the receiver is disabled (avr8js
 * has that test inverted): this wraps avr8js's UCSR0B write hook, restores a pending RXC when the
 * receiver stays on and clears it when the write turns the receiver off.
 */
export function keepPendingReceiveOnControlWrites(cpu: CPU): void {
  const original = cpu.writeHooks[usart0Config.UCSRB];
  if (!original) throw new Error('the USART must be created before its receive fix');
  cpu.writeHooks[usart0Config.UCSRB] = (value, oldValue, address, mask) => {
    const pending = (cpu.data[usart0Config.UCSRA]! & UCSRA_RXC) !== 0;
    const handled = original(value, oldValue, address, mask);
    if ((value & UCSRB_RXEN) === 0) cpu.clearInterrupt(RX_COMPLETE);
    else if (pending && (oldValue & UCSRB_RXEN) !== 0) cpu.setInterruptFlag(RX_COMPLETE);
    return handled;
  };
}

// avr8js's USART against the ATmega328P datasheet: RXC0 is cleared by reading UDR0 (or by
// disabling the receiver), never by writing UCSR0B. The Arduino core writes UCSR0B (sets UDRIE0)
// for every byte it queues, and its UDRE ISR clears UDRIE0 when its buffer empties, both with
// interrupts off: a host byte that completes just then is dropped by avr8js 0.21 unless fixed.
import { describe, expect, it } from 'vitest';
import { AVRUSART, CPU, usart0Config } from 'avr8js';
import { keepPendingReceiveOnControlWrites } from './usart-receive-fix.ts';

const RXC = 0x80;
const RXCIE = 0x80;
const UDRIE = 0x20;
const RXEN = 0x10;
const TXEN = 0x08;

/** A CPU with USART0 receiving, interrupts globally off (SREG.I clear, as in an ISR). */
function receiverWithPendingByte(fix: boolean) {
  const cpu = new CPU(new Uint16Array(0x4000));
  const usart = new AVRUSART(cpu, usart0Config, 16_000_000);
  if (fix) keepPendingReceiveOnControlWrites(cpu);
  cpu.writeData(usart0Config.UCSRB, RXCIE | RXEN | TXEN);
  usart.writeByte(0x6d, true); // a host byte completes: RXC0 set, its interrupt pending
  expect(cpu.data[usart0Config.UCSRA]! & RXC).toBe(RXC);
  expect(cpu.nextInterrupt).toBe(usart0Config.rxCompleteInterrupt);
  // HardwareSerial::write queues a byte to send: sbi(UCSR0B, UDRIE0) inside ATOMIC_BLOCK.
  cpu.writeData(usart0Config.UCSRB, RXCIE | RXEN | TXEN | UDRIE);
  return cpu;
}

describe("avr8js USART: a pending receive survives writes to UCSR0B (our wrapper's fix)", () => {
  it('shows the loss: avr8js alone drops the pending byte when UCSR0B is written', () => {
    const cpu = receiverWithPendingByte(false);
    expect(cpu.data[usart0Config.UCSRA]! & RXC).toBe(0);
    // The receive interrupt is no longer pending: the firmware never reads the byte.
    expect(cpu.nextInterrupt).not.toBe(usart0Config.rxCompleteInterrupt);
  });

  it('cures it: with the fix the byte stays pending and UDR0 still holds it', () => {
    const cpu = receiverWithPendingByte(true);
    expect(cpu.data[usart0Config.UCSRA]! & RXC).toBe(RXC);
    expect(cpu.nextInterrupt).toBe(usart0Config.rxCompleteInterrupt);
    expect(cpu.readData(usart0Config.UDR)).toBe(0x6d);
    expect(cpu.data[usart0Config.UCSRA]! & RXC).toBe(0); // reading UDR0 clears it, as it should
  });

  it('drops it when the write disables the receiver (the datasheet flushes it then)', () => {
    const cpu = receiverWithPendingByte(true);
    cpu.writeData(usart0Config.UCSRB, RXCIE | TXEN);
    expect(cpu.data[usart0Config.UCSRA]! & RXC).toBe(0);
  });
});

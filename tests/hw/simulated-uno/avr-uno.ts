import {
  AVRADC,
  AVRIOPort,
  AVRTimer,
  AVRTWI,
  AVRUSART,
  CPU,
  adcConfig,
  avrInstruction,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  twiConfig,
  usart0Config,
} from 'avr8js';
import type { I2cBus } from '@remotelab/lab-agent/virtual-board';
import { TwiBusBridge } from './twi-bridge.ts';
import { keepPendingReceiveOnControlWrites } from './usart-receive-fix.ts';

/** The Uno's clock and flash size (ATmega328P). */
export const UNO_CLOCK_HZ = 16_000_000;
const FLASH_BYTES = 0x8000;

/** What the bench wired to the board does with its pins: reads the outputs, drives the inputs. */
export interface AnalogFrontEnd {
  /** Advances the circuit by `dtS` seconds of board time and sets the ADC inputs (volts). */
  step(uno: SimulatedUno, dtS: number, adcVolts: number[]): void;
  /** The devices on SDA/SCL (A4/A5), for a bench with I2C parts; none answer without it. */
  i2c?: I2cBus;
}

/** Data-space addresses of the ports' DDRx and PORTx registers (ATmega328P datasheet, 30). */
const PORTS = {
  B: { ddr: 0x24, port: 0x25 },
  C: { ddr: 0x27, port: 0x28 },
  D: { ddr: 0x2a, port: 0x2b },
} as const;

/**
 * The Uno's PWM pins: the timer output each drives (its control register, the COMxx1 bit that
 * connects the output compare to the pin, and the compare register holding the duty).
 */
const PWM_OUTPUTS: Record<number, { tccr: number; connect: number; ocr: number }> = {
  3: { tccr: 0xb0, connect: 0x20, ocr: 0xb4 }, // OC2B
  5: { tccr: 0x44, connect: 0x20, ocr: 0x48 }, // OC0B
  6: { tccr: 0x44, connect: 0x80, ocr: 0x47 }, // OC0A
  9: { tccr: 0x80, connect: 0x80, ocr: 0x88 }, // OC1A
  10: { tccr: 0x80, connect: 0x20, ocr: 0x8a }, // OC1B
  11: { tccr: 0xb0, connect: 0x80, ocr: 0xb3 }, // OC2A
};

/** Digital pin -> port and bit: 0-7 are PD0-7, 8-13 PB0-5, 14-19 (A0-A5) PC0-5. */
function portBit(pin: number): { port: (typeof PORTS)[keyof typeof PORTS]; bit: number } {
  if (pin < 8) return { port: PORTS.D, bit: 1 << pin };
  if (pin < 14) return { port: PORTS.B, bit: 1 << (pin - 8) };
  return { port: PORTS.C, bit: 1 << (pin - 14) };
}

export interface SimulatedUnoOptions {
  /** The firmware, as an Intel HEX text. */
  hex: string;
  frontEnd?: AnalogFrontEnd;
  /**
   * The front end's clock in seconds. The circuit is physics, so a board run against the wall
   * clock passes wall time here (a board that falls behind is a slow board in a real-time world);
   * the default is board time.
   */
  clock?: () => number;
  /** Apply our fix of avr8js's USART (default true; false only to show the loss it cures). */
  fixUsartReceive?: boolean;
}

/**
 * An Arduino Uno on avr8js: the ATmega328P with the peripherals StandardFirmata uses (timers
 * 0-2 for millis() and PWM, USART0, ports B-D, the ADC), running the firmware image unchanged.
 * Time is the board's own (CPU cycles); `runCycles` advances it, the caller decides how fast.
 */
export class SimulatedUno {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly adc: AVRADC;
  readonly portB: AVRIOPort;
  readonly portD: AVRIOPort;
  /** Bytes the firmware transmitted (Serial.write). */
  onTransmit: (byte: number) => void = () => undefined;
  private readonly rxQueue: number[] = [];
  private readonly frontEnd: AnalogFrontEnd | undefined;
  private readonly clock: () => number;
  private lastFrontEndAt: number;

  constructor(options: SimulatedUnoOptions) {
    const flash = new Uint16Array(FLASH_BYTES / 2);
    loadIntelHex(options.hex, new Uint8Array(flash.buffer));
    this.cpu = new CPU(flash);
    new AVRTimer(this.cpu, timer0Config);
    new AVRTimer(this.cpu, timer1Config);
    new AVRTimer(this.cpu, timer2Config);
    this.portB = new AVRIOPort(this.cpu, portBConfig);
    new AVRIOPort(this.cpu, portCConfig);
    this.portD = new AVRIOPort(this.cpu, portDConfig);
    this.adc = new AVRADC(this.cpu, adcConfig);
    this.usart = new AVRUSART(this.cpu, usart0Config, UNO_CLOCK_HZ);
    const twi = new AVRTWI(this.cpu, twiConfig, UNO_CLOCK_HZ);
    if (options.frontEnd?.i2c) {
      twi.eventHandler = new TwiBusBridge(twi, options.frontEnd.i2c, () => this.seconds * 1000);
    }
    if (options.fixUsartReceive !== false) keepPendingReceiveOnControlWrites(this.cpu);
    this.usart.onByteTransmit = (byte) => this.onTransmit(byte);
    // The host's bytes arrive one character time apart, as on the wire: the next one is
    // handed over when the USART has taken the previous one.
    this.usart.onRxComplete = () => this.feed();
    this.frontEnd = options.frontEnd;
    this.clock = options.clock ?? (() => this.seconds);
    this.lastFrontEndAt = this.clock();
  }

  /** Board time in seconds since power-up. */
  get seconds(): number {
    return this.cpu.cycles / UNO_CLOCK_HZ;
  }

  /** Bytes from the host (USB-serial) for the firmware's receiver. */
  receive(bytes: Iterable<number>): void {
    for (const byte of bytes) this.rxQueue.push(byte);
    this.feed();
  }

  /** Bytes received from the host but not yet handed to the USART. */
  get pendingReceive(): number {
    return this.rxQueue.length;
  }

  /** Runs the firmware for `cycles` CPU cycles (the front end is stepped every 0.1 ms of it). */
  runCycles(cycles: number): void {
    const { cpu } = this;
    const end = cpu.cycles + cycles;
    const frontEndEvery = UNO_CLOCK_HZ / 10_000;
    while (cpu.cycles < end) {
      const sliceEnd = Math.min(end, cpu.cycles + frontEndEvery);
      while (cpu.cycles < sliceEnd) {
        avrInstruction(cpu);
        cpu.tick();
      }
      this.stepFrontEnd();
    }
  }

  /** True when `pin` is an output driven high (DDR and PORT bits set). */
  digitalHigh(pin: number): boolean {
    const { port, bit } = portBit(pin);
    return (this.cpu.data[port.ddr]! & bit) !== 0 && (this.cpu.data[port.port]! & bit) !== 0;
  }

  /**
   * The average level (0..1) a pin drives: its timer's compare value / 255 while the timer
   * output is connected (analogWrite), else its digital level (analogWrite of 0 or 255, or
   * digitalWrite, disconnects the timer and sets the pin).
   */
  pwmDuty(pin: number): number {
    const pwm = PWM_OUTPUTS[pin];
    if (pwm && this.cpu.data[pwm.tccr]! & pwm.connect) return this.cpu.data[pwm.ocr]! / 255;
    return this.digitalHigh(pin) ? 1 : 0;
  }

  private stepFrontEnd(): void {
    if (!this.frontEnd) return;
    const now = this.clock();
    const dt = now - this.lastFrontEndAt;
    this.lastFrontEndAt = now;
    this.frontEnd.step(this, dt, this.adc.channelValues as number[]);
  }

  private feed(): void {
    if (this.rxQueue.length === 0 || this.usart.rxBusy) return;
    // writeByte refuses while the receiver is disabled (before Serial.begin): keep the byte.
    if (this.usart.writeByte(this.rxQueue[0]!)) this.rxQueue.shift();
  }
}

/** Copies the data records of an Intel HEX image into `memory`. */
export function loadIntelHex(hex: string, memory: Uint8Array): void {
  let base = 0;
  for (const line of hex.split(/\r?\n/)) {
    if (!line.startsWith(':')) continue;
    const count = parseInt(line.slice(1, 3), 16);
    const address = parseInt(line.slice(3, 7), 16);
    const type = parseInt(line.slice(7, 9), 16);
    if (type === 0x02) base = parseInt(line.slice(9, 13), 16) << 4;
    if (type !== 0x00) continue;
    for (let i = 0; i < count; i++) {
      memory[base + address + i] = parseInt(line.slice(9 + 2 * i, 11 + 2 * i), 16);
    }
  }
}

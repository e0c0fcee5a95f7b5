import {
  ANALOG_MESSAGE,
  DIGITAL_MESSAGE,
  END_SYSEX,
  MAX_SYSEX_DATA_BYTES,
  REPORT_ANALOG,
  REPORT_DIGITAL,
  REPORT_VERSION,
  SET_DIGITAL_PIN_VALUE,
  SET_PIN_MODE,
  START_SYSEX,
  SYSTEM_RESET,
} from './firmata-constants.ts';

/** One command from the host, decoded from the byte stream. */
export type HostCommand =
  /** ANALOG_MESSAGE: PWM / servo write on pin 0-15 (value = LSB | MSB << 7). */
  | { type: 'analog-write'; pin: number; value: number }
  /** DIGITAL_MESSAGE: the 8 pins of one port. */
  | { type: 'digital-port'; port: number; value: number }
  | { type: 'set-pin-mode'; pin: number; mode: number }
  | { type: 'set-digital-pin'; pin: number; value: number }
  | { type: 'report-analog'; channel: number; enable: number }
  | { type: 'report-digital'; port: number; enable: number }
  | { type: 'report-version' }
  | { type: 'system-reset' }
  /** A complete sysex message: its command byte and the 7-bit data bytes after it. */
  | { type: 'sysex'; command: number; data: number[] };

/**
 * The board-side parser of StandardFirmata 2.5 (`FirmataParser::parse`), byte for byte:
 * - a command byte (>= 0x80) always starts a new message, abandoning an unfinished one, except
 *   inside a sysex, which only END_SYSEX closes;
 * - data bytes (< 0x80) with no command waiting are ignored;
 * - for the 3-byte messages the first data byte is the LSB / the pin, the second the MSB / the
 *   mode or value ("dataBuffer" is filled from the end);
 * - sysex data beyond `MAX_DATA_BYTES` (64 on AVR) is dropped.
 * So split chunks and line garbage are tolerated exactly as much as on the real board.
 */
export class FirmataHostParser {
  private waitForData = 0;
  private executeMultiByteCommand = 0;
  private multiByteChannel = 0;
  private readonly dataBuffer: [number, number] = [0, 0];
  private parsingSysex = false;
  private sysexData: number[] = [];

  /** Feeds bytes from the host; returns the commands they complete, in order. */
  feed(bytes: Uint8Array): HostCommand[] {
    const commands: HostCommand[] = [];
    for (const byte of bytes) {
      const command = this.parseByte(byte);
      if (command) commands.push(command);
    }
    return commands;
  }

  private parseByte(input: number): HostCommand | undefined {
    if (this.parsingSysex) {
      if (input === END_SYSEX) {
        this.parsingSysex = false;
        const [command, ...data] = this.sysexData;
        // An empty sysex (F0 F7) carries no command: the firmware reads an undefined byte; ignore.
        return command === undefined ? undefined : { type: 'sysex', command, data };
      }
      // The command byte counts: the AVR buffer holds 64 bytes in all.
      if (this.sysexData.length < MAX_SYSEX_DATA_BYTES) this.sysexData.push(input);
      return undefined;
    }
    if (this.waitForData > 0 && input < 0x80) {
      this.waitForData--;
      this.dataBuffer[this.waitForData === 1 ? 1 : 0] = input;
      if (this.waitForData === 0 && this.executeMultiByteCommand !== 0) {
        const command = this.completeMultiByte();
        this.executeMultiByteCommand = 0;
        return command;
      }
      return undefined;
    }
    // Commands below 0xF0 carry a channel (pin, port) in their low nibble.
    const command = input < 0xf0 ? input & 0xf0 : input;
    if (input < 0xf0) this.multiByteChannel = input & 0x0f;
    switch (command) {
      case ANALOG_MESSAGE:
      case DIGITAL_MESSAGE:
      case SET_PIN_MODE:
      case SET_DIGITAL_PIN_VALUE:
        this.waitForData = 2;
        this.executeMultiByteCommand = command;
        return undefined;
      case REPORT_ANALOG:
      case REPORT_DIGITAL:
        this.waitForData = 1;
        this.executeMultiByteCommand = command;
        return undefined;
      case START_SYSEX:
        this.parsingSysex = true;
        this.sysexData = [];
        return undefined;
      case SYSTEM_RESET:
        this.reset();
        return { type: 'system-reset' };
      case REPORT_VERSION:
        return { type: 'report-version' };
      default:
        return undefined;
    }
  }

  /**
   * With two data bytes the first lands in dataBuffer[1] and the second in dataBuffer[0]; with
   * one data byte it lands in dataBuffer[0].
   */
  private completeMultiByte(): HostCommand | undefined {
    const [second, first] = this.dataBuffer;
    const channel = this.multiByteChannel;
    switch (this.executeMultiByteCommand) {
      case ANALOG_MESSAGE:
        return { type: 'analog-write', pin: channel, value: (second << 7) + first };
      case DIGITAL_MESSAGE:
        return { type: 'digital-port', port: channel, value: (second << 7) + first };
      case SET_PIN_MODE:
        return { type: 'set-pin-mode', pin: first, mode: second };
      case SET_DIGITAL_PIN_VALUE:
        return { type: 'set-digital-pin', pin: first, value: second };
      case REPORT_ANALOG:
        return { type: 'report-analog', channel, enable: second };
      case REPORT_DIGITAL:
        return { type: 'report-digital', port: channel, enable: second };
      default:
        return undefined;
    }
  }

  /** `FirmataParser::systemReset`: forget any half-received message. */
  private reset(): void {
    this.waitForData = 0;
    this.executeMultiByteCommand = 0;
    this.multiByteChannel = 0;
    this.parsingSysex = false;
    this.sysexData = [];
  }
}

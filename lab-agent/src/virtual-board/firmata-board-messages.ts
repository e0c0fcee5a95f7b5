import {
  ANALOG_MAPPING_RESPONSE,
  ANALOG_MESSAGE,
  CAPABILITY_RESPONSE,
  DIGITAL_MESSAGE,
  END_SYSEX,
  FIRMWARE_NAME,
  FIRMWARE_VERSION,
  I2C_REPLY,
  PIN_STATE_RESPONSE,
  PROTOCOL_VERSION,
  REPORT_FIRMWARE,
  REPORT_VERSION,
  START_SYSEX,
  STRING_DATA,
} from './firmata-constants.ts';
import { unoAnalogMappingBody, unoCapabilityBody } from './uno-board.ts';

/**
 * Encoders for the messages the board sends, byte for byte as StandardFirmata 2.5 writes them
 * (Firmata.cpp / FirmataMarshaller.cpp). Pure functions: no state, no I/O.
 */

/** `printVersion()`: REPORT_VERSION, major, minor (protocol.md "Version Report"). */
export function encodeVersionReport(): Uint8Array {
  return Uint8Array.of(REPORT_VERSION, PROTOCOL_VERSION.major, PROTOCOL_VERSION.minor);
}

/**
 * `printFirmwareVersion()`: START_SYSEX, REPORT_FIRMWARE, major, minor, then each character of
 * the name as two 7-bit bytes (LSB, MSB), END_SYSEX (protocol.md "Query Firmware Name and
 * Version").
 */
export function encodeFirmwareReport(name: string = FIRMWARE_NAME): Uint8Array {
  const bytes = [START_SYSEX, REPORT_FIRMWARE, FIRMWARE_VERSION.major, FIRMWARE_VERSION.minor];
  bytes.push(...encodeTwo7BitBytes(name), END_SYSEX);
  return Uint8Array.from(bytes);
}

/** `sendString()`: STRING_DATA sysex, each character as two 7-bit bytes. */
export function encodeString(text: string): Uint8Array {
  return Uint8Array.from([START_SYSEX, STRING_DATA, ...encodeTwo7BitBytes(text), END_SYSEX]);
}

/**
 * `sendSysex(SYSEX_I2C_REPLY, numBytes + 2, i2cRxData)` (i2c.md "I2C reply"): address, register,
 * then the data bytes, each byte as two 7-bit bytes (LSB, MSB), between START/END_SYSEX.
 */
export function encodeI2cReply(address: number, register: number, data: readonly number[]) {
  const bytes = [START_SYSEX, I2C_REPLY];
  for (const byte of [address, register, ...data]) bytes.push(byte & 0x7f, (byte >> 7) & 0x01);
  bytes.push(END_SYSEX);
  return Uint8Array.from(bytes);
}

/** `sendAnalog()`: 0xE0 | channel, value LSB (7 bits), value MSB (7 bits). */
export function encodeAnalogMessage(channel: number, value: number): Uint8Array {
  return Uint8Array.of(ANALOG_MESSAGE | (channel & 0x0f), value & 0x7f, (value >> 7) & 0x7f);
}

/** `sendDigitalPort()`: 0x90 | port, bits 0-6, bit 7. */
export function encodeDigitalPort(port: number, value: number): Uint8Array {
  return Uint8Array.of(DIGITAL_MESSAGE | (port & 0x0f), value & 0x7f, (value >> 7) & 0x7f);
}

/** CAPABILITY_RESPONSE for the Uno (protocol.md "Capability Query"). */
export function encodeCapabilityResponse(): Uint8Array {
  return Uint8Array.from([START_SYSEX, CAPABILITY_RESPONSE, ...unoCapabilityBody(), END_SYSEX]);
}

/** ANALOG_MAPPING_RESPONSE for the Uno (protocol.md "Analog Mapping Query"). */
export function encodeAnalogMappingResponse(): Uint8Array {
  return Uint8Array.from([
    START_SYSEX,
    ANALOG_MAPPING_RESPONSE,
    ...unoAnalogMappingBody(),
    END_SYSEX,
  ]);
}

/**
 * PIN_STATE_RESPONSE (protocol.md "Pin State Query"): pin, mode, then the state in 7-bit
 * groups. StandardFirmata writes the second group only when `state & 0xFF80` and the third only
 * when `state & 0xC000`; for a pin it does not have, only the pin number.
 */
export function encodePinStateResponse(pin: number, pinInfo?: { mode: number; state: number }) {
  const bytes = [START_SYSEX, PIN_STATE_RESPONSE, pin & 0x7f];
  if (pinInfo) {
    const { mode, state } = pinInfo;
    bytes.push(mode, state & 0x7f);
    if (state & 0xff80) bytes.push((state >> 7) & 0x7f);
    if (state & 0xc000) bytes.push((state >> 14) & 0x7f);
  }
  bytes.push(END_SYSEX);
  return Uint8Array.from(bytes);
}

function encodeTwo7BitBytes(text: string): number[] {
  const bytes: number[] = [];
  for (const byte of Buffer.from(text, 'latin1')) bytes.push(byte & 0x7f, (byte >> 7) & 0x7f);
  return bytes;
}

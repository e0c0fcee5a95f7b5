/**
 * Firmata protocol bytes, as defined in firmata/protocol `protocol.md` (version 2.6) and used by
 * StandardFirmata 2.5 (`FirmataConstants.h`). Named once here so that the emulator and its tests
 * speak in constants, never in bare hex.
 */

// --- Message types (protocol.md "Message Types") -------------------------------------------
/** `0x90 | port`, then bits 0-6 and bit 7 of the port: digital I/O message. */
export const DIGITAL_MESSAGE = 0x90;
/** `0xE0 | channel`, then LSB and MSB (7 bits each): analog I/O message (and PWM write). */
export const ANALOG_MESSAGE = 0xe0;
/** `0xC0 | channel`, then 0/1: enable or disable reporting of one analog channel. */
export const REPORT_ANALOG = 0xc0;
/** `0xD0 | port`, then 0/1: enable or disable reporting of one digital port. */
export const REPORT_DIGITAL = 0xd0;
/** Pin number, then mode. */
export const SET_PIN_MODE = 0xf4;
/** Pin number, then 0/1: set one digital pin (protocol 2.5). */
export const SET_DIGITAL_PIN_VALUE = 0xf5;
/** Request (host) or report (board) of the protocol version: major, minor. */
export const REPORT_VERSION = 0xf9;
/** Resets the board to its power-up configuration. */
export const SYSTEM_RESET = 0xff;
export const START_SYSEX = 0xf0;
export const END_SYSEX = 0xf7;

// --- Sysex commands (protocol.md "Sysex Message Format" and the feature pages) ---------------
export const ANALOG_MAPPING_QUERY = 0x69;
export const ANALOG_MAPPING_RESPONSE = 0x6a;
export const CAPABILITY_QUERY = 0x6b;
export const CAPABILITY_RESPONSE = 0x6c;
export const PIN_STATE_QUERY = 0x6d;
export const PIN_STATE_RESPONSE = 0x6e;
export const EXTENDED_ANALOG = 0x6f;
export const SERVO_CONFIG = 0x70;
export const STRING_DATA = 0x71;
export const I2C_REQUEST = 0x76;
export const I2C_REPLY = 0x77;
export const I2C_CONFIG = 0x78;
/** Query (host, empty) or report (board): firmware major, minor, then the name as 7-bit pairs. */
export const REPORT_FIRMWARE = 0x79;
/** LSB, MSB of the analog sampling interval in ms. */
export const SAMPLING_INTERVAL = 0x7a;

// --- Pin modes (protocol.md "Pin Modes") ---------------------------------------------------
export const PIN_MODE_INPUT = 0x00;
export const PIN_MODE_OUTPUT = 0x01;
export const PIN_MODE_ANALOG = 0x02;
export const PIN_MODE_PWM = 0x03;
export const PIN_MODE_SERVO = 0x04;
export const PIN_MODE_I2C = 0x06;
export const PIN_MODE_SERIAL = 0x0a;
export const PIN_MODE_PULLUP = 0x0b;

/** Terminates one pin's list in a capability response; also "not analog" in the mapping. */
export const CAPABILITY_PIN_END = 0x7f;
export const ANALOG_MAPPING_NONE = 0x7f;

// --- What StandardFirmata 2.5 reports about itself ------------------------------------------
/** `FIRMATA_PROTOCOL_MAJOR_VERSION` / `_MINOR_VERSION` sent in REPORT_VERSION. */
export const PROTOCOL_VERSION = { major: 2, minor: 5 } as const;
/** `FIRMATA_FIRMWARE_MAJOR_VERSION` / `_MINOR_VERSION` sent in REPORT_FIRMWARE. */
export const FIRMWARE_VERSION = { major: 2, minor: 5 } as const;
/**
 * The firmware name is derived from `__FILE__` with ".cpp" stripped; the Arduino builder compiles
 * `StandardFirmata.ino.cpp`, so real boards report "StandardFirmata.ino".
 */
export const FIRMWARE_NAME = 'StandardFirmata.ino';
/** StandardFirmata's `samplingInterval` at power-up (ms). */
export const DEFAULT_SAMPLING_INTERVAL_MS = 19;
/** StandardFirmata 2.5's `MINIMUM_SAMPLING_INTERVAL` (firmata.js clamps to 10, the firmware to 1). */
export const MINIMUM_SAMPLING_INTERVAL_MS = 1;
/** `MAX_DATA_BYTES` on AVR: sysex data beyond this is dropped by the firmware's parser. */
export const MAX_SYSEX_DATA_BYTES = 64;

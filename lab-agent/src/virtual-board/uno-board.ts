import {
  ANALOG_MAPPING_NONE,
  CAPABILITY_PIN_END,
  PIN_MODE_ANALOG,
  PIN_MODE_I2C,
  PIN_MODE_INPUT,
  PIN_MODE_OUTPUT,
  PIN_MODE_PULLUP,
  PIN_MODE_PWM,
  PIN_MODE_SERIAL,
  PIN_MODE_SERVO,
} from './firmata-constants.ts';

/**
 * The Arduino Uno (ATmega328P) as StandardFirmata 2.5 sees it, transcribed from the firmware's
 * `Boards.h` ("Arduino Duemilanove, Diecimila, and NG" section) so the emulator answers the
 * capability and analog-mapping queries byte for byte like a real board.
 */

/** `TOTAL_PINS`: 14 digital + 6 analog. */
export const UNO_TOTAL_PINS = 20;
/** `TOTAL_PORTS`: ports of 8 pins each. */
export const UNO_TOTAL_PORTS = 3;
/** `TOTAL_ANALOG_PINS`. */
export const UNO_TOTAL_ANALOG_PINS = 6;
/** Analog channel 0 (A0) is pin 14. */
const UNO_FIRST_ANALOG_PIN = 14;
/** `digitalPinHasPWM(p)` on the ATmega328P: the pins wired to a timer output. */
const UNO_PWM_PINS: readonly number[] = [3, 5, 6, 9, 10, 11];
/** `DEFAULT_PWM_RESOLUTION` (bits). */
const UNO_PWM_RESOLUTION_BITS = 8;
/** 10-bit ADC. */
const UNO_ADC_RESOLUTION_BITS = 10;
/** Servo "resolution" StandardFirmata advertises (14-bit values). */
const UNO_SERVO_RESOLUTION_BITS = 14;

/** `IS_PIN_DIGITAL(p)`: pins 0 and 1 carry the host link and are not offered. */
export const isDigitalPin = (pin: number): boolean => pin >= 2 && pin <= 19;
/** `IS_PIN_ANALOG(p)`. */
export const isAnalogPin = (pin: number): boolean =>
  pin >= UNO_FIRST_ANALOG_PIN && pin < UNO_FIRST_ANALOG_PIN + UNO_TOTAL_ANALOG_PINS;
/** `IS_PIN_PWM(p)`. */
export const isPwmPin = (pin: number): boolean => UNO_PWM_PINS.includes(pin);
/** SDA (A4) and SCL (A5). */
export const UNO_I2C_PINS: readonly number[] = [18, 19];
/** `IS_PIN_I2C(p)`: A4 = SDA, A5 = SCL. */
export const isI2cPin = (pin: number): boolean => pin === 18 || pin === 19;
/** `IS_PIN_SERIAL(p)`: RX0/TX0, advertised by SerialFirmata's `handleCapability`. */
const isSerialPin = (pin: number): boolean => pin === 0 || pin === 1;
/** `PIN_TO_ANALOG(p)`. */
export const pinToAnalogChannel = (pin: number): number => pin - UNO_FIRST_ANALOG_PIN;
/** The pin an analog channel lives on. */
export const analogChannelToPin = (channel: number): number => channel + UNO_FIRST_ANALOG_PIN;

/**
 * Body of the CAPABILITY_RESPONSE (without START_SYSEX / command / END_SYSEX), in the order
 * StandardFirmata 2.5 writes it: for each pin, (mode, resolution) pairs then 0x7F.
 *   digital: INPUT 1, PULLUP 1, OUTPUT 1; analog: ANALOG 10; PWM: PWM 8; digital: SERVO 14;
 *   I2C: I2C 1; serial (pins 0/1): SERIAL with the pin type, 0 for the USB serial port.
 */
export function unoCapabilityBody(): number[] {
  const body: number[] = [];
  for (let pin = 0; pin < UNO_TOTAL_PINS; pin++) {
    if (isDigitalPin(pin)) body.push(PIN_MODE_INPUT, 1, PIN_MODE_PULLUP, 1, PIN_MODE_OUTPUT, 1);
    if (isAnalogPin(pin)) body.push(PIN_MODE_ANALOG, UNO_ADC_RESOLUTION_BITS);
    if (isPwmPin(pin)) body.push(PIN_MODE_PWM, UNO_PWM_RESOLUTION_BITS);
    if (isDigitalPin(pin)) body.push(PIN_MODE_SERVO, UNO_SERVO_RESOLUTION_BITS);
    if (isI2cPin(pin)) body.push(PIN_MODE_I2C, 1);
    if (isSerialPin(pin)) body.push(PIN_MODE_SERIAL, 0);
    body.push(CAPABILITY_PIN_END);
  }
  return body;
}

/** Body of the ANALOG_MAPPING_RESPONSE: the analog channel of each pin, 0x7F when none. */
export function unoAnalogMappingBody(): number[] {
  const body: number[] = [];
  for (let pin = 0; pin < UNO_TOTAL_PINS; pin++) {
    body.push(isAnalogPin(pin) ? pinToAnalogChannel(pin) : ANALOG_MAPPING_NONE);
  }
  return body;
}

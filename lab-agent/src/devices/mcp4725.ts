/**
 * MCP4725 12-bit DAC (Microchip DS22039D). We use "Write DAC Register" (C2 C1 C0 = 0 1 0, power-down
 * bits 00, section 6.1.2): three bytes `0x40, D11..D4, D3..D0 << 4`, as the common Arduino driver
 * (Adafruit_MCP4725::setVoltage without EEPROM) does. It never writes the EEPROM, so the DAC
 * powers up at its stored default (0 V from the factory), not at the last value a student set.
 */
export const MCP4725_WRITE_DAC_REGISTER = 0x40;

/** The I2C payload that sets the DAC output to `code` (0..4095). */
export function mcp4725WriteBytes(code: number): number[] {
  const c = Math.min(4095, Math.max(0, Math.round(code)));
  return [MCP4725_WRITE_DAC_REGISTER, c >> 4, (c & 0x0f) << 4];
}

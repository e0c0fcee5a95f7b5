import * as F from './firmata-constants.ts';
import * as M from './firmata-board-messages.ts';
import { FirmataHostParser } from './firmata-host-parser.ts';
import { FirmataI2c } from './firmata-i2c.ts';
import { PinWriteLog } from './pin-write-log.ts';
import type { HostCommand } from './firmata-host-parser.ts';
import { TypedEmitter } from './typed-emitter.ts';
import { UnoPinState } from './uno-pin-state.ts';
import type { PinOutputs } from './circuits/circuit-model.ts';
import type {
  FirmataBoardContext,
  FirmataBoardEmulatorOptions,
  FirmataBoardEvents,
  PinLevelWrite,
  PinWrite,
} from './firmata-board-types.ts';
import * as Uno from './uno-board.ts';

/**
 * The board side of Firmata, as StandardFirmata 2.5 on an Arduino Uno: a pure state machine.
 * Host bytes go in through `receive`, the firmware's bytes come out through `context.write`, and
 * the firmware loop (`sampleAnalogInputs`, `checkDigitalInputs`) is driven from outside, so time
 * and pacing belong to the caller. Behaviour follows `StandardFirmata.ino` 2.5; each handler
 * names the callback it reproduces.
 */
export class FirmataBoardEmulator extends TypedEmitter<FirmataBoardEvents> {
  private readonly parser = new FirmataHostParser();
  private readonly pins = new UnoPinState();
  private readonly i2c: FirmataI2c;
  private readonly log: PinWriteLog;
  private readonly announceOnSystemReset: boolean;
  private readonly firmwareName: string | undefined;
  private analogInputsToReport = 0;
  private samplingInterval = F.DEFAULT_SAMPLING_INTERVAL_MS;
  private resetting = false;

  constructor(
    private readonly context: FirmataBoardContext,
    options: FirmataBoardEmulatorOptions = {},
  ) {
    super();
    this.log = new PinWriteLog(options.pinWriteLogLimit ?? 100_000);
    this.announceOnSystemReset = options.announceOnSystemReset ?? true;
    this.firmwareName = options.firmwareName;
    this.i2c = new FirmataI2c({
      context,
      enablePins: () => Uno.UNO_I2C_PINS.forEach((p) => this.setPinModeQuietly(p, F.PIN_MODE_I2C)),
      record: (write) => this.append(write),
    });
  }

  /** Power-up: `Firmata.begin()` announces version and firmware, then `systemResetCallback()`. */
  boot(): void {
    this.announce();
    this.systemReset();
  }

  /** Bytes from the host, in any chunking. */
  receive(bytes: Uint8Array): void {
    for (const command of this.parser.feed(bytes)) this.execute(command);
  }

  /** The analog sampling interval the host set (ms). */
  get samplingIntervalMs(): number {
    return this.samplingInterval;
  }

  /** The pins' outputs, for the circuit model. */
  get outputs(): PinOutputs {
    return this.pins;
  }

  /** The host's pin writes, oldest first (bounded by `pinWriteLogLimit`). */
  get pinWrites(): readonly PinWrite[] {
    return this.log.entries;
  }

  /** Mode and `pinState` of a pin, as PIN_STATE_QUERY would report them. */
  pinInfo(pin: number): { mode: number; state: number } | undefined {
    return this.pins.info(pin);
  }

  /** Analog channels that loop() reports: pin in ANALOG mode and reporting on, in pin order. */
  reportingChannels(): number[] {
    const channels: number[] = [];
    for (let channel = 0; channel < Uno.UNO_TOTAL_ANALOG_PINS; channel++) {
      const inAnalogMode = this.pins.modeOf(Uno.analogChannelToPin(channel)) === F.PIN_MODE_ANALOG;
      if (inAnalogMode && this.analogInputsToReport & (1 << channel)) channels.push(channel);
    }
    return channels;
  }

  /**
   * The ANALOGREAD part of loop(): one ANALOG_MESSAGE per reporting channel, in pin order.
   * Returns the raw values sent, in the same order (empty when nothing reports).
   */
  sampleAnalogInputs(): number[] {
    return this.reportingChannels().map((channel) => {
      const raw = this.context.readAnalog(channel);
      this.context.write(M.encodeAnalogMessage(channel, raw));
      return raw;
    });
  }

  /** The continuous I2C reads of a sampling cycle (after the analog reads); replies sent. */
  reportI2cQueries(): number {
    return this.i2c.reportQueries();
  }

  /**
   * `checkDigitalInputs()`: for each port with reporting on, send the INPUT / PULLUP pins' levels
   * if they changed since last sent ("only send if the value is different than previously sent").
   */
  checkDigitalInputs(): void {
    for (let port = 0; port < Uno.UNO_TOTAL_PORTS; port++) {
      if (this.pins.reportPorts[port]) this.outputPort(port, false);
    }
  }

  private execute(command: HostCommand): void {
    switch (command.type) {
      case 'report-version':
        return this.context.write(M.encodeVersionReport());
      case 'system-reset':
        this.systemReset();
        if (this.announceOnSystemReset) this.announce();
        this.emit('reset');
        return;
      case 'set-pin-mode':
        return this.setPinMode(command.pin, command.mode);
      case 'digital-port':
        return this.digitalWritePort(command.port, command.value);
      case 'set-digital-pin':
        return this.setDigitalPinValue(command.pin, command.value);
      case 'analog-write':
        return this.analogWrite(command.pin, command.value, 'ANALOG_MESSAGE');
      case 'report-analog':
        return this.reportAnalog(command.channel, command.enable);
      case 'report-digital':
        return this.reportDigital(command.port, command.enable);
      case 'sysex':
        return this.sysex(command.command, command.data);
    }
  }

  /** `sysexCallback()`: the queries and settings StandardFirmata answers on an Uno. */
  private sysex(command: number, argv: number[]): void {
    const { write } = this.context;
    switch (command) {
      case F.REPORT_FIRMWARE:
        return write(M.encodeFirmwareReport(this.firmwareName));
      case F.CAPABILITY_QUERY:
        return write(M.encodeCapabilityResponse());
      case F.ANALOG_MAPPING_QUERY:
        return write(M.encodeAnalogMappingResponse());
      case F.PIN_STATE_QUERY: {
        const [pin] = argv;
        if (pin !== undefined) write(M.encodePinStateResponse(pin, this.pins.info(pin)));
        return;
      }
      case F.SAMPLING_INTERVAL: {
        // "if (samplingInterval < MINIMUM_SAMPLING_INTERVAL) samplingInterval = MINIMUM_..."
        const [lsb, msb] = argv;
        if (lsb === undefined || msb === undefined) return;
        this.samplingInterval = Math.max(F.MINIMUM_SAMPLING_INTERVAL_MS, lsb | (msb << 7));
        return;
      }
      case F.EXTENDED_ANALOG: {
        // "int val = argv[1]; if (argc > 2) val |= (argv[2] << 7); if (argc > 3) ... << 14"
        const [pin, b0, b1, b2] = argv;
        if (pin === undefined || b0 === undefined) return;
        const value = b0 | ((b1 ?? 0) << 7) | ((b2 ?? 0) << 14);
        return this.analogWrite(pin, value, 'EXTENDED_ANALOG');
      }
      case F.SERVO_CONFIG: {
        // "if (argc > 4) { ... if (IS_PIN_DIGITAL(pin)) { attachServo(...); setPinModeCallback(pin,
        // PIN_MODE_SERVO); } }": the pulse range itself is not modelled.
        const [pin] = argv;
        if (pin !== undefined && argv.length > 4 && Uno.isDigitalPin(pin)) {
          this.setPinMode(pin, F.PIN_MODE_SERVO, 'SERVO_CONFIG');
        }
        return;
      }
      case F.I2C_REQUEST:
      case F.I2C_CONFIG:
        return void this.i2c.sysex(command, argv);
      default:
        // SERIAL_MESSAGE (0x60) is compiled out of StandardFirmata on an Uno; unknown sysex
        // commands are ignored by the firmware too.
        return;
    }
  }

  /** `setPinModeCallback()`, including its side effects on reporting and pin state. */
  private setPinMode(pin: number, mode: number, via: PinLevelWrite['via'] = 'SET_PIN_MODE'): void {
    if (pin >= Uno.UNO_TOTAL_PINS) return this.record('mode', pin, mode, false, via);
    this.i2c.pinModeChanging(this.pins.modeOf(pin), mode);
    if (Uno.isAnalogPin(pin)) {
      this.reportAnalog(Uno.pinToAnalogChannel(pin), mode === F.PIN_MODE_ANALOG ? 1 : 0);
    }
    const result = this.pins.setMode(pin, mode);
    if (result === 'unknown-mode') this.context.write(M.encodeString('Unknown pin mode'));
    this.record('mode', pin, mode, result === 'applied', via);
    this.context.outputsChanged();
  }

  /** `digitalWriteCallback()`: writes the port's OUTPUT pins; INPUT pins get their pull-up. */
  private digitalWritePort(port: number, value: number): void {
    const written = this.pins.writePort(port, value);
    for (const { pin, level } of written)
      this.record('digital', pin, level, true, 'DIGITAL_MESSAGE');
    if (written.length > 0) this.context.outputsChanged();
  }

  /** `setPinValueCallback()`: OUTPUT pins only. */
  private setDigitalPinValue(pin: number, value: number): void {
    const accepted = this.pins.writePin(pin, value);
    this.record('digital', pin, value, accepted, 'SET_DIGITAL_PIN_VALUE');
    if (accepted) this.context.outputsChanged();
  }

  /** `analogWriteCallback()`: PWM or servo pins only; any other mode ignores the value. */
  private analogWrite(pin: number, value: number, via: PinLevelWrite['via']): void {
    const accepted = this.pins.analogWrite(pin, value);
    this.record('pwm', pin, value, accepted, via);
    if (accepted) this.context.outputsChanged();
  }

  /**
   * `reportAnalogCallback()`: sets or clears the channel's bit; when switching on (and not
   * during a reset) StandardFirmata 2.5 sends the channel's value at once.
   */
  private reportAnalog(channel: number, enable: number): void {
    if (channel >= Uno.UNO_TOTAL_ANALOG_PINS) return;
    if (enable === 0) {
      this.analogInputsToReport &= ~(1 << channel);
      return;
    }
    this.analogInputsToReport |= 1 << channel;
    if (!this.resetting) {
      this.context.write(M.encodeAnalogMessage(channel, this.context.readAnalog(channel)));
    }
  }

  /** `reportDigitalCallback()`: switching a port on sends its value at once (forced). */
  private reportDigital(port: number, enable: number): void {
    if (port >= Uno.UNO_TOTAL_PORTS) return;
    this.pins.reportPorts[port] = enable !== 0;
    if (enable !== 0) this.outputPort(port, true);
  }

  /** `outputPort()`: the port's input pins masked by `portConfigInputs`, sent if changed. */
  private outputPort(port: number, force: boolean): void {
    const value = this.pins.readInputPort(port, (pin, pulledUp) =>
      this.context.readDigital(pin, pulledUp),
    );
    if (force || this.pins.previousPorts[port] !== value) {
      this.context.write(M.encodeDigitalPort(port, value));
      this.pins.previousPorts[port] = value;
    }
  }

  /**
   * `systemResetCallback()`: reporting off, analog-capable pins to ANALOG, other digital pins to
   * OUTPUT (low), sampling interval unchanged (the firmware keeps it across a reset).
   */
  private systemReset(): void {
    this.resetting = true;
    this.i2c.disable();
    this.pins.resetPorts();
    for (let pin = 0; pin < Uno.UNO_TOTAL_PINS; pin++) {
      if (Uno.isAnalogPin(pin)) this.setPinModeQuietly(pin, F.PIN_MODE_ANALOG);
      else if (Uno.isDigitalPin(pin)) this.setPinModeQuietly(pin, F.PIN_MODE_OUTPUT);
    }
    this.analogInputsToReport = 0;
    this.resetting = false;
    this.context.outputsChanged();
  }

  /** A mode change the firmware makes itself: not a host write, so not logged. */
  private setPinModeQuietly(pin: number, mode: number): void {
    if (Uno.isAnalogPin(pin)) {
      this.reportAnalog(Uno.pinToAnalogChannel(pin), mode === F.PIN_MODE_ANALOG ? 1 : 0);
    }
    this.pins.setMode(pin, mode);
  }

  private announce(): void {
    this.context.write(M.encodeVersionReport());
    this.context.write(M.encodeFirmwareReport(this.firmwareName));
  }

  private record(
    kind: PinLevelWrite['kind'],
    pin: number,
    value: number,
    accepted: boolean,
    via: PinLevelWrite['via'],
  ): void {
    this.append({ t: this.context.now(), kind, pin, value, accepted, via });
  }

  private append(entry: PinWrite): void {
    this.log.add(entry);
    this.emit('pin-write', entry);
  }
}

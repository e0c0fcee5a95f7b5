import { isMap, isSeq, parseDocument, type Document } from 'yaml';

/**
 * Sets `gain` and `offset` of one analog input in a bench file's text, keeping everything else
 * as written (comments, order, quoting): the yaml package's Document API edits the parsed tree
 * and prints it back. A calibration table on the input is removed, since it would override the
 * new gain/offset; `note` becomes a comment on the gain line.
 */
export function writeCalibration(
  text: string,
  inputId: string,
  calibration: { gain: number; offset: number; note: string },
): { text: string; removedTable: boolean } {
  const doc: Document = parseDocument(text);
  const inputs = doc.get('inputs');
  if (!isSeq(inputs)) throw new Error('the bench file has no inputs list');
  const input = inputs.items.find((item) => isMap(item) && item.get('id') === inputId);
  if (!isMap(input)) throw new Error(`the bench file has no input "${inputId}"`);
  const gain = doc.createNode(significant(calibration.gain));
  gain.comment = ` ${calibration.note}`;
  input.set('gain', gain);
  input.set('offset', significant(calibration.offset));
  const removedTable = input.has('calibration');
  if (removedTable) input.delete('calibration');
  return { text: doc.toString(), removedTable };
}

/** Six significant digits: beyond the ADC's resolution, short enough to read. */
function significant(value: number): number {
  return Number(value.toPrecision(6));
}

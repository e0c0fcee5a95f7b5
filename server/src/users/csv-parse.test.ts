import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from './csv-parse.ts';

describe('parseCsv', () => {
  it('reads plain rows with their line numbers, skipping blank lines', () => {
    expect(parseCsv('email,name\na@x.org,Amal\n\nb@x.org,Bilal\n')).toEqual([
      { line: 1, cells: ['email', 'name'] },
      { line: 2, cells: ['a@x.org', 'Amal'] },
      { line: 4, cells: ['b@x.org', 'Bilal'] },
    ]);
  });

  it('handles quotes, doubled quotes, commas and line breaks inside quotes', () => {
    expect(parseCsv('"Ben Salah, Amal","say ""hi""","two\nlines"\r\nx,y,z')).toEqual([
      { line: 1, cells: ['Ben Salah, Amal', 'say "hi"', 'two\nlines'] },
      { line: 3, cells: ['x', 'y', 'z'] },
    ]);
  });

  it('drops a byte-order mark and keeps a last line without newline', () => {
    expect(parseCsv('\uFEFFa,b')).toEqual([{ line: 1, cells: ['a', 'b'] }]);
  });

  it('keeps empty cells', () => {
    expect(parseCsv('a,,c,')).toEqual([{ line: 1, cells: ['a', '', 'c', ''] }]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\nc')).toThrow(CsvError);
  });
});

import { describe, expect, it } from 'vitest';
import { chunks, parseMemberCsv } from './member-csv.ts';

describe('parseMemberCsv', () => {
  it('reads the email column of a header line', () => {
    const csv = 'name;Email;group\n"Amal B.";amal@univ.dz;G1\nYoussef;YOUSSEF@univ.ma;G1\n';
    expect(parseMemberCsv(csv)).toEqual({
      emails: ['amal@univ.dz', 'youssef@univ.ma'],
      badLines: [],
    });
  });

  it('takes the first address of each line without a header, and reports bad lines', () => {
    const csv = '\uFEFFAmal,amal@univ.dz\nno address here\n\nlea@univ.fr\namal@UNIV.dz';
    expect(parseMemberCsv(csv)).toEqual({
      emails: ['amal@univ.dz', 'lea@univ.fr'],
      badLines: [2],
    });
  });

  it('splits long lists into requests the server accepts', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });
});

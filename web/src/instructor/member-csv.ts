export interface MemberCsv {
  emails: string[];
  /** 1-based line numbers that hold no usable address (the header excepted). */
  badLines: number[];
}

const EMAIL = /^[^\s@,;"]+@[^\s@,;"]+\.[^\s@,;"]+$/;

/**
 * Students to add to a group, from a CSV export (a spreadsheet, the university's system): the
 * column named `email` (or, without a header, the first cell that looks like an address) of each
 * line; `,` or `;` separated, quotes allowed. Duplicates are dropped, case-insensitively.
 */
export function parseMemberCsv(text: string): MemberCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const cellsOf = (line: string) =>
    line.split(/[,;\t]/).map((cell) =>
      cell
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    );
  const header = cellsOf(lines[0] ?? '').map((cell) => cell.toLowerCase());
  const column = header.findIndex(
    (cell) => cell === 'email' || cell === 'e-mail' || cell === 'courriel',
  );
  const seen = new Set<string>();
  const emails: string[] = [];
  const badLines: number[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '' || (column !== -1 && index === 0)) return;
    const cells = cellsOf(line);
    const email = column !== -1 ? cells[column] : cells.find((cell) => EMAIL.test(cell));
    if (!email || !EMAIL.test(email)) {
      badLines.push(index + 1);
      return;
    }
    const key = email.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      emails.push(key);
    }
  });
  return { emails, badLines };
}

/** The server adds at most 500 addresses per request. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

import { Readable } from 'node:stream';
import { InvalidInput } from '../common/errors/domain-error.js';
import { headerSeparator, readCsvRows } from './csv-source.js';

async function rowsOf(text: string | Buffer, chunkSize = 7) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const rows = [];
  for await (const row of readCsvRows(Readable.from(chunks), { fallbackEncoding: {} }))
    rows.push(row);
  return rows;
}

describe('headerSeparator', () => {
  it.each([
    ['year,fullName,status', ','],
    ['year;fullName;status', ';'],
    ['year\tfullName\tstatus', '\t'],
    ['"a;b",c,d', ','],
    ['"a,b";"c,d";e', ';'],
    ['fullName', ','],
    ['', ','],
  ])('reads %j as separated by %j', (line, separator) => {
    expect(headerSeparator(line)).toBe(separator);
  });
});

describe('readCsvRows', () => {
  it('reads a comma-separated file whose cells hold semicolons', async () => {
    const rows = await rowsOf('caseId,mediaTypes\r\nc1,print; online\r\nc2,"radio; tv"\r\n');
    expect(rows.map((r) => r.values)).toEqual([
      { caseId: 'c1', mediaTypes: 'print; online' },
      { caseId: 'c2', mediaTypes: 'radio; tv' },
    ]);
  });

  it('reads a file a spreadsheet saved with semicolons, or with tabs, the same way', async () => {
    const expected = [
      { row: 2, values: { year: '2016', fullName: 'Ana, Pérez', status: 'Killed' }, flags: [] },
    ];
    expect(await rowsOf('\ufeffyear;fullName;status\n2016;"Ana, Pérez";Killed\n')).toEqual(
      expected,
    );
    expect(await rowsOf('year\tfullName\tstatus\n2016\tAna, Pérez\tKilled\n', 3)).toEqual(expected);
  });

  it('decodes a field that is not UTF-8 by the fallback and flags the row', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Name;Date\nJos'),
      Buffer.from([0xe9]),
      Buffer.from(';1999\n'),
    ]);
    const rows = [];
    for await (const row of readCsvRows(Readable.from([bytes]), {
      fallbackEncoding: { '*': 'windows-1252' },
    }))
      rows.push(row);
    expect(rows).toEqual([
      {
        row: 2,
        values: { Name: 'José', Date: '1999' },
        flags: ['invalid_utf8:Name:decoded_as_windows-1252'],
      },
    ]);
  });

  it('refuses an empty file and a file without the required headers, naming them', async () => {
    await expect(rowsOf('')).rejects.toThrow(InvalidInput);
    const missing = readCsvRows(Readable.from([Buffer.from('name;place\n')]), {
      fallbackEncoding: {},
      required: { headers: ['fullName', 'place', 'year'], label: 'test' },
    });
    await expect(missing.next()).rejects.toMatchObject({
      details: [
        {
          field: 'fullName',
          message: 'the file has no fullName column (a test file needs fullName, place, year)',
        },
        {
          field: 'year',
          message: 'the file has no year column (a test file needs fullName, place, year)',
        },
      ],
    });
  });

  it('passes a read error on instead of waiting for rows', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('a,b\n1,2\n'));
        this.destroy(new Error('disk gone'));
      },
    });
    const rows = readCsvRows(failing, { fallbackEncoding: {} });
    await expect(
      (async () => {
        for await (const _ of rows) void _;
      })(),
    ).rejects.toThrow('disk gone');
  });
});

import { Readable } from 'node:stream';
import { InvalidInput } from '../common/errors/domain-error.js';
import { countRecords, headerSeparator, readCsvRows } from './csv-source.js';
import { mapHeaders } from './formats/header-mapping.js';

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
    const spec = { format: 'test', label: 'test', required: ['fullName', 'place', 'year'] };
    const missing = readCsvRows(Readable.from([Buffer.from('name;place\n')]), {
      fallbackEncoding: {},
      mapHeaders: (headers) => mapHeaders(headers, spec, {}, [spec]),
    });
    await expect(missing.next()).rejects.toMatchObject({
      details: [
        {
          field: 'fullName',
          message: expect.stringMatching(
            /^the file has no fullName column \(a test file needs fullName, place, year\); .* --column fullName=name /,
          ),
        },
        {
          field: 'year',
          message: expect.stringMatching(/^the file has no year column \(a test file needs /),
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

describe('readCsvRows: line endings', () => {
  const expected = [
    { row: 2, values: { a: '1', b: '2' }, flags: [] },
    { row: 3, values: { a: '3', b: 'x\ny' }, flags: [] },
    { row: 4, values: { a: '5', b: '6' }, flags: [] },
  ];
  it.each([
    ['LF throughout', 'a,b\n1,2\n3,"x\ny"\n5,6\n'],
    ['CRLF throughout', 'a,b\r\n1,2\r\n3,"x\ny"\r\n5,6\r\n'],
    ['a CRLF header and LF rows', 'a,b\r\n1,2\n3,"x\ny"\n5,6\n'],
    ['an LF header and CRLF rows', 'a,b\n1,2\r\n3,"x\ny"\r\n5,6\r\n'],
    ['CR alone (old Mac)', 'a,b\r1,2\r3,"x\ny"\r5,6\r'],
    ['every kind in turn', 'a,b\r\n1,2\r3,"x\ny"\n5,6'],
    ['blank lines of either kind between rows', 'a,b\r\n\r\n1,2\n\n3,"x\ny"\r\n5,6\n\n'],
  ])('reads every row of a file with %s', async (_, text) => {
    expect(await rowsOf(text)).toEqual(expected);
    expect(await rowsOf(text, 1)).toEqual(expected);
  });

  it('keeps a line break inside a quoted cell as it is', async () => {
    const [row] = await rowsOf('a,b\r\n1,"two\r\nlines"\n');
    expect(row.values.b).toBe('two\r\nlines');
  });

  it('says which rows have more cells than the header, ignoring empty ones past it', async () => {
    const rows = await rowsOf('a,b\n1,2,\n3,4,5\n6,7,,8\n');
    expect(rows.map((r) => [r.row, r.overflow ?? null])).toEqual([
      [2, null],
      [3, { cells: 3, headers: 2 }],
      [4, { cells: 4, headers: 2 }],
    ]);
    expect(rows[1].values).toEqual({ a: '3', b: '4' });
  });
});

describe('countRecords', () => {
  const open = (text: string) => () => Readable.from([Buffer.from(text)]);
  it.each([
    ['records whose cells hold line breaks', 'a,b\n1,"x\ny\nz"\n2,"p\r\nq"\n', false, 2],
    ['a CRLF header and LF rows', 'a,b\r\n1,2\n3,4\n5,6\n', false, 3],
    ['a header alone', 'a,b\n', false, 0],
    ['a file that is not CSV', 'a,b\n1,"2\n', false, null],
    ['NDJSON lines', '{"type":"header"}\n{"a":1}\n\n{"a":2}\n', true, 3],
  ])('counts %s', async (_, text, json, expected) => {
    expect(await countRecords(open(text), json)).toBe(expected);
  });
});

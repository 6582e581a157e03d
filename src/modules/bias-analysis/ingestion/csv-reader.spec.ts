import { CsvReader } from './csv-reader.js';
import { DataError } from './data-error.js';
import { parseNumberBytes } from './value-rules.js';

function readAll(text: string | Buffer, chunkSize = Infinity): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  const reader = new CsvReader(({ buf, starts, ends, fieldCount, line }) => {
    records.push({ line, fields: Array.from({ length: fieldCount }, (_, f) => buf.toString('utf8', starts[f], ends[f])) });
  });
  const data = Buffer.from(text);
  const size = Number.isFinite(chunkSize) ? chunkSize : data.length || 1;
  for (let i = 0; i < data.length; i += size) reader.push(Buffer.from(data.subarray(i, i + size)));
  reader.end();
  return records;
}

const RFC_4180 = '\ufeffname,note,n\r\n"Smith, J","said ""hi""\r\nthen left",1\r\nplain,,2\r\n\r\n"",x,3';

describe('CsvReader (RFC 4180)', () => {
  const expected = [
    { line: 1, fields: ['name', 'note', 'n'] },
    { line: 2, fields: ['Smith, J', 'said "hi"\r\nthen left', '1'] },
    { line: 4, fields: ['plain', '', '2'] },
    { line: 6, fields: ['', 'x', '3'] },
  ];

  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF, a BOM and skips empty lines', () => {
    expect(readAll(RFC_4180)).toEqual(expected);
  });

  it('gives the same records however the bytes are split into chunks', () => {
    for (let size = 1; size <= 12; size++) expect(readAll(RFC_4180, size)).toEqual(expected);
  });

  it('reads LF files with and without a final line break', () => {
    expect(readAll('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(readAll('a,b\n1,2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('names the line of malformed quoting', () => {
    expect(() => readAll('a,b\n"x"y,1\n')).toThrow(new DataError('line 2: unexpected character after a closing quote'));
    expect(() => readAll('a,b\n1,2\nx,ab"c\n')).toThrow(new DataError('line 3: a quote inside an unquoted field'));
    expect(() => readAll('a,b\n1,"open\n')).toThrow(new DataError('line 2: a quoted field is not closed'));
  });
});

describe('parseNumberBytes', () => {
  it('reads numbers exactly as Number() does and refuses everything else', () => {
    for (const text of ['5', '-3', '+2', '0.1', '0.30000000000000004', '.5', '5.', '1e3', '-2.5E-3', '123456789012345678', '0', '-0']) {
      expect(Object.is(parseNumberBytes(Buffer.from(text), 0, text.length), Number(text))).toBe(true);
    }
    for (const text of ['', ' ', 'abc', '1,5', '0x10', 'Infinity', 'NaN', '1e', '--1', ' 5']) {
      expect(parseNumberBytes(Buffer.from(text), 0, text.length)).toBeNaN();
    }
  });
});

import { parseScanConfig } from '../scan-config.js';
import { DataError } from './data-error.js';
import { DatasetAnalyzer, type DatasetSummary } from './dataset-analyzer.js';
import { JsonArrayReader, NdjsonReader } from './json-readers.js';

function analyze(format: 'csv' | 'json' | 'ndjson', text: string, config: Record<string, unknown>, chunkSize = 7): DatasetSummary {
  const analyzer = new DatasetAnalyzer(parseScanConfig(config), format);
  const data = Buffer.from(text);
  for (let i = 0; i < data.length; i += chunkSize) analyzer.push(Buffer.from(data.subarray(i, i + chunkSize)));
  return analyzer.finish();
}

const CONFIG = { labelColumn: 'y', predictionColumn: 'p', protectedAttributes: ['race', 'sex'], intersections: [['race', 'sex']] };

describe('DatasetAnalyzer', () => {
  it('counts confusion cells per group, per attribute and per intersection, with empty values as "(missing)"', () => {
    const summary = analyze('csv', 'y,p,race,sex,y\n1,1,A,F,9\n0,1,A,M,9\n1,0,,F,9\n0,0,"A",F,9\n', CONFIG);
    expect(summary.rowCount).toBe(4);
    const race = summary.groupings.find((g) => g.name === 'race')!;
    expect(race.groups).toEqual([
      { values: ['A'], counts: { tp: 1, fp: 1, fn: 0, tn: 1 } },
      { values: ['(missing)'], counts: { tp: 0, fp: 0, fn: 1, tn: 0 } },
    ]);
    const crossed = summary.groupings.find((g) => g.name === 'race+sex')!;
    expect(crossed.attributes).toEqual(['race', 'sex']);
    expect(crossed.groups.map((g) => g.values)).toEqual([
      ['A', 'F'],
      ['A', 'M'],
      ['(missing)', 'F'],
    ]);
    expect(crossed.groups[0].counts).toEqual({ tp: 1, fp: 0, fn: 0, tn: 1 });
  });

  it('reads the same counts from a JSON array and from NDJSON, split anywhere', () => {
    const records = [
      { y: 1, p: 1, race: 'A', sex: 'F', note: 'a "quoted" } ] text' },
      { y: 0, p: '1', race: 'B', sex: null, nested: { deep: [1, { x: '}' }] } },
    ];
    const fromArray = analyze('json', JSON.stringify(records), CONFIG, 3);
    const fromLines = analyze('ndjson', records.map((r) => JSON.stringify(r)).join('\r\n'), CONFIG, 5);
    expect(fromArray).toEqual(fromLines);
    expect(fromArray.groupings[1].groups.map((g) => g.values)).toEqual([['F'], ['(missing)']]);
  });

  it('reads a score column against the threshold, and refuses non-numeric scores', () => {
    const config = { scoreColumn: 's', scoreThreshold: 0.5, protectedAttributes: ['g'] };
    const summary = analyze('csv', 's,g\n0.5,a\n0.49,a\n1e0,b\n', config);
    expect(summary.hasLabels).toBe(false);
    expect(summary.groupings[0].groups.map((g) => g.counts)).toEqual([
      { tp: 0, fp: 1, fn: 0, tn: 1 },
      { tp: 0, fp: 1, fn: 0, tn: 0 },
    ]);
    expect(() => analyze('json', '[{"s":"x","g":"a"}]', config)).toThrow(new DataError("record 1: score column 's' is not a number: 'x'"));
  });

  it('names the line or record of bad data', () => {
    expect(() => analyze('csv', 'y,p,race\n1,1,A\n', CONFIG)).toThrow(new DataError("column 'sex' not found; columns are y, p, race"));
    expect(() => analyze('ndjson', '{"y":1,"p":1,"race":"A","sex":"F"}\n\n{"y":1,', CONFIG)).toThrow(/^line 3: invalid JSON/);
    expect(() => analyze('json', '[{"y":1,"p":1,"race":"A","sex":"F"} {"y":2}]', CONFIG)).toThrow(
      new DataError('invalid JSON: expected "," or "]" after record 1'),
    );
    expect(() => analyze('json', '[1]', CONFIG)).toThrow(new DataError('record 1: a record must be a JSON object'));
    expect(() => analyze('json', '{"y":1}', CONFIG)).toThrow(/must be an array of records/);
    expect(() => analyze('json', '', CONFIG)).toThrow(new DataError('the data is empty'));
    expect(() => analyze('csv', '', CONFIG)).toThrow(new DataError('the data is empty'));
    expect(() => analyze('json', '[]', CONFIG)).toThrow(new DataError('the data has no rows'));
  });

  it('hands JSON records to the handler one at a time', () => {
    const seen: unknown[] = [];
    const reader = new JsonArrayReader((record) => seen.push(record));
    reader.push(Buffer.from(' [ {"a":"x\\\\"}, {"b":[{}]} ] '));
    reader.end();
    expect(seen).toEqual([{ a: 'x\\' }, { b: [{}] }]);
    const lines: unknown[] = [];
    const ndjson = new NdjsonReader((record, where) => lines.push([where, record]));
    ndjson.push(Buffer.from('{"a":1}\n\n{"a":2}'));
    ndjson.end();
    expect(lines).toEqual([
      ['line 1', { a: 1 }],
      ['line 3', { a: 2 }],
    ]);
  });
});

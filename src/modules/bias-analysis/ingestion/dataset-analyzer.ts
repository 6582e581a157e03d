import type { DataFormat, ScanConfig } from '../bias-analysis.types.js';
import { CsvReader, type CsvRecord } from './csv-reader.js';
import { DataError } from './data-error.js';
import { ByteDictionary, GroupCounter, StringDictionary, type GroupingResult } from './group-counter.js';
import { JsonArrayReader, NdjsonReader } from './json-readers.js';
import { BinaryColumn, columnNotFound, parseNumberBytes, parseNumberText, requiredColumns } from './value-rules.js';

export interface DatasetSummary {
  rowCount: number;
  hasLabels: boolean;
  groupings: GroupingResult[];
}

/** Maps a header row to column positions; the first of duplicated names wins. */
export function resolveColumns(header: readonly string[], config: ScanConfig): Map<string, number> {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    if (!positions.has(name)) positions.set(name, index);
  });
  for (const column of requiredColumns(config)) if (!positions.has(column)) throw columnNotFound(column, header);
  return positions;
}

/**
 * The worker's single pass: chunks of CSV, JSON-array or NDJSON data go in, per-group confusion
 * counts for every attribute and intersection come out. Bad data throws DataError naming the row.
 */
export class DatasetAnalyzer {
  private readonly reader: { push(chunk: Buffer): void; end(): void };
  private readonly counter: GroupCounter;
  private readonly label: BinaryColumn | null;
  private readonly prediction: BinaryColumn | null;
  private readonly ids: Int32Array;
  private readonly hasLabels: boolean;
  private names: Array<readonly string[]> = [];
  private csvRow: ((record: CsvRecord) => void) | null = null;
  private bytes = 0;

  constructor(
    private readonly config: ScanConfig,
    format: DataFormat,
  ) {
    const attributes = config.protectedAttributes;
    this.counter = new GroupCounter(
      attributes,
      config.intersections.map((members) => members.map((m) => attributes.indexOf(m))),
    );
    this.ids = new Int32Array(attributes.length);
    this.hasLabels = config.labelColumn !== null;
    this.label = config.labelColumn === null ? null : new BinaryColumn('label', config.labelColumn, config.positiveLabel);
    this.prediction =
      config.predictionColumn === null ? null : new BinaryColumn('prediction', config.predictionColumn, config.positiveLabel);
    this.reader =
      format === 'csv'
        ? new CsvReader((record) => this.onCsvRecord(record))
        : format === 'ndjson'
          ? new NdjsonReader((record, where) => this.onJsonRecord(record, where))
          : new JsonArrayReader((record, where) => this.onJsonRecord(record, where));
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.reader.push(chunk);
  }

  finish(): DatasetSummary {
    this.reader.end();
    if (this.counter.rows === 0) throw new DataError(this.bytes > 0 ? 'the data has no rows' : 'the data is empty');
    return { rowCount: this.counter.rows, hasLabels: this.hasLabels, groupings: this.counter.result(this.names) };
  }

  private onCsvRecord(record: CsvRecord): void {
    if (this.csvRow) return this.csvRow(record);
    const header = Array.from({ length: record.fieldCount }, (_, f) =>
      record.buf.toString('utf8', record.starts[f], record.ends[f]).trim(),
    );
    this.csvRow = this.csvRowReader(header, resolveColumns(header, this.config));
  }

  private csvRowReader(header: string[], positions: Map<string, number>): (record: CsvRecord) => void {
    const { config, label, prediction, ids, counter } = this;
    const labelAt = config.labelColumn === null ? -1 : positions.get(config.labelColumn)!;
    const predictionAt = config.predictionColumn === null ? -1 : positions.get(config.predictionColumn)!;
    const scoreAt = config.scoreColumn === null ? -1 : positions.get(config.scoreColumn)!;
    const threshold = config.scoreThreshold ?? 0;
    const attributeAt = Int32Array.from(config.protectedAttributes.map((a) => positions.get(a)!));
    const dictionaries = config.protectedAttributes.map((a) => new ByteDictionary(a));
    this.names = dictionaries.map((d) => d.names);
    const width = header.length;
    return ({ buf, starts, ends, fieldCount, line }) => {
      if (fieldCount !== width) throw new DataError(`line ${line}: expected ${width} fields, found ${fieldCount}`);
      let predicted: number;
      if (predictionAt >= 0) predicted = prediction!.classifyBytes(buf, starts[predictionAt], ends[predictionAt], line);
      else {
        const score = parseNumberBytes(buf, starts[scoreAt], ends[scoreAt]);
        if (Number.isNaN(score)) {
          throw new DataError(
            `line ${line}: score column '${config.scoreColumn}' is not a number: '${buf.toString('utf8', starts[scoreAt], ends[scoreAt])}'`,
          );
        }
        predicted = score >= threshold ? 1 : 0;
      }
      const actual = labelAt >= 0 ? label!.classifyBytes(buf, starts[labelAt], ends[labelAt], line) : 0;
      for (let a = 0; a < attributeAt.length; a++) ids[a] = dictionaries[a].idOf(buf, starts[attributeAt[a]], ends[attributeAt[a]]);
      counter.add(actual * 2 + predicted, ids);
    };
  }

  private jsonDictionaries: StringDictionary[] | null = null;

  private onJsonRecord(record: Record<string, unknown>, where: string): void {
    const { config, ids } = this;
    if (!this.jsonDictionaries) {
      this.jsonDictionaries = config.protectedAttributes.map((a) => new StringDictionary(a));
      this.names = this.jsonDictionaries.map((d) => d.names);
    }
    const text = (column: string): string => {
      if (!Object.hasOwn(record, column)) throw columnNotFound(column, Object.keys(record), where);
      const value = record[column];
      if (value === null) return '';
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new DataError(`${where}: column '${column}' must hold a string, number, boolean or null`);
    };
    let predicted: number;
    if (config.predictionColumn !== null) predicted = this.prediction!.classifyText(text(config.predictionColumn), where);
    else {
      const raw = record[config.scoreColumn!];
      const score = typeof raw === 'number' ? raw : parseNumberText(text(config.scoreColumn!).trim());
      if (!Number.isFinite(score)) {
        throw new DataError(`${where}: score column '${config.scoreColumn}' is not a number: '${text(config.scoreColumn!)}'`);
      }
      predicted = score >= config.scoreThreshold! ? 1 : 0;
    }
    const actual = config.labelColumn === null ? 0 : this.label!.classifyText(text(config.labelColumn), where);
    config.protectedAttributes.forEach((attribute, a) => (ids[a] = this.jsonDictionaries![a].idOf(text(attribute))));
    this.counter.add(actual * 2 + predicted, ids);
  }
}

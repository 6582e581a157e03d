import { extname } from 'node:path';
import type { DataFormat, ScanConfig } from '../bias-analysis.types.js';
import { CsvReader } from './csv-reader.js';
import { resolveColumns } from './dataset-analyzer.js';

const BY_EXTENSION: Record<string, DataFormat> = { '.csv': 'csv', '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };
const BY_MEDIA_TYPE: Record<string, DataFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
};

/** The upload's format from its file name, else its media type; null when it is neither CSV nor JSON. */
export function detectFormat(fileName: string | undefined, mediaType: string | undefined): DataFormat | null {
  const byName = fileName ? BY_EXTENSION[extname(fileName).toLowerCase()] : undefined;
  return byName ?? BY_MEDIA_TYPE[(mediaType ?? '').split(';')[0].trim().toLowerCase()] ?? null;
}

/** A ".json" upload holding objects one per line is NDJSON; one starting with "[" is an array. */
export function refineJsonFormat(format: DataFormat, head: Buffer): DataFormat {
  if (format !== 'json') return format;
  const first = head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return first === 0x7b ? 'ndjson' : 'json';
}

class HeaderRead extends Error {
  constructor(readonly columns: string[]) {
    super('header read');
  }
}

/** The CSV header row found at the start of `head`, or null if it does not end within it. */
export function readCsvHeader(head: Buffer): string[] | null {
  const reader = new CsvReader((record) => {
    throw new HeaderRead(
      Array.from({ length: record.fieldCount }, (_, f) => record.buf.toString('utf8', record.starts[f], record.ends[f]).trim()),
    );
  });
  try {
    // A copy: the reader unescapes quoted fields in place.
    reader.push(Buffer.from(head));
  } catch (error) {
    if (error instanceof HeaderRead) return error.columns;
    throw error;
  }
  return null;
}

/** Checks at upload time that every configured column exists (DataError naming the columns otherwise). */
export function checkCsvHeader(head: Buffer, config: ScanConfig): void {
  const header = readCsvHeader(head);
  if (header) resolveColumns(header, config);
}

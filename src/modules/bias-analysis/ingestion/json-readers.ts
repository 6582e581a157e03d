import { MAX_RECORD_BYTES } from '../bias-analysis.constants.js';
import { DataError } from './data-error.js';

type RecordHandler = (record: Record<string, unknown>, where: string) => void;

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DataError(`${where}: a record must be a JSON object`);
  return value as Record<string, unknown>;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(`${where}: invalid JSON (${(error as Error).message})`);
  }
}

/** Newline-delimited JSON: one object per line; blank lines are skipped. */
export class NdjsonReader {
  private carry: Buffer | null = null;
  private line = 0;

  constructor(private readonly onRecord: RecordHandler) {}

  push(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let lf = buf.indexOf(10); lf >= 0; lf = buf.indexOf(10, start)) {
      this.handleLine(buf, start, lf);
      start = lf + 1;
    }
    this.carry = start < buf.length ? buf.subarray(start) : null;
    if (this.carry && this.carry.length > MAX_RECORD_BYTES) {
      throw new DataError(`line ${this.line + 1}: a record longer than ${MAX_RECORD_BYTES} bytes`);
    }
  }

  end(): void {
    if (this.carry) this.handleLine(this.carry, 0, this.carry.length);
    this.carry = null;
  }

  private handleLine(buf: Buffer, start: number, end: number): void {
    this.line++;
    const text = buf.toString('utf8', start, end).trim();
    if (!text) return;
    const where = `line ${this.line}`;
    this.onRecord(asObject(parseJson(text, where), where), where);
  }
}

const enum ArrayState {
  Start,
  BeforeFirst,
  BeforeNext,
  InRecord,
  AfterRecord,
  Done,
}

/**
 * One JSON array of objects, streamed: the reader tracks nesting and strings only to find where
 * each top-level record ends, then parses that record alone.
 */
export class JsonArrayReader {
  private carry: Buffer | null = null;
  private state = ArrayState.Start;
  private depth = 0;
  private inString = false;
  private escape = false;
  private records = 0;

  constructor(private readonly onRecord: RecordHandler) {}

  push(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    // While inside a record, the carried bytes were already scanned.
    let i = this.carry && this.state === ArrayState.InRecord ? this.carry.length : 0;
    let recordStart = this.state === ArrayState.InRecord ? 0 : -1;
    for (; i < buf.length; i++) {
      const c = buf[i];
      if (this.state === ArrayState.InRecord) {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === 92) this.escape = true;
          else if (c === 34) this.inString = false;
        } else if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if ((c === 125 || c === 93) && --this.depth === 0) {
          this.records++;
          const where = `record ${this.records}`;
          this.onRecord(asObject(parseJson(buf.toString('utf8', recordStart, i + 1), where), where), where);
          this.state = ArrayState.AfterRecord;
          recordStart = -1;
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (i === 0 && this.state === ArrayState.Start && c === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        i += 2;
        continue;
      }
      switch (this.state) {
        case ArrayState.Start:
          if (c !== 91) throw new DataError('invalid JSON: the data must be an array of records (it does not start with "[")');
          this.state = ArrayState.BeforeFirst;
          break;
        case ArrayState.BeforeFirst:
        case ArrayState.BeforeNext:
          if (c === 93 && this.state === ArrayState.BeforeFirst) {
            this.state = ArrayState.Done;
            break;
          }
          if (c !== 123) throw new DataError(`record ${this.records + 1}: a record must be a JSON object`);
          this.state = ArrayState.InRecord;
          this.depth = 1;
          recordStart = i;
          break;
        case ArrayState.AfterRecord:
          if (c === 44) this.state = ArrayState.BeforeNext;
          else if (c === 93) this.state = ArrayState.Done;
          else throw new DataError(`invalid JSON: expected "," or "]" after record ${this.records}`);
          break;
        case ArrayState.Done:
          throw new DataError('invalid JSON: unexpected data after the end of the array');
      }
    }
    this.carry = recordStart >= 0 ? buf.subarray(recordStart) : null;
    if (this.carry && this.carry.length > MAX_RECORD_BYTES) {
      throw new DataError(`record ${this.records + 1}: a record longer than ${MAX_RECORD_BYTES} bytes`);
    }
  }

  end(): void {
    if (this.state !== ArrayState.Done) {
      throw new DataError(
        this.state === ArrayState.Start ? 'the data is empty' : `invalid JSON: the array is not closed (after record ${this.records})`,
      );
    }
  }
}

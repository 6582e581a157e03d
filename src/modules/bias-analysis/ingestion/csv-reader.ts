import { MAX_RECORD_BYTES } from '../bias-analysis.constants.js';
import { DataError } from './data-error.js';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Field boundaries of the current record, valid during the `onRecord` call only. */
export interface CsvRecord {
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  fieldCount: number;
  /** Physical line (1-based) where the record starts. */
  line: number;
}

/**
 * A streaming RFC 4180 reader over byte chunks: quoted fields (with commas, doubled quotes and
 * line breaks), CRLF or LF line ends, a UTF-8 BOM; empty lines are skipped. It works on bytes and
 * hands out field offsets, so no string is made for fields nobody reads. Only an incomplete last
 * record is carried between chunks.
 */
export class CsvReader {
  private carry: Buffer | null = null;
  private line = 1;
  private first = true;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private escaped = new Uint8Array(64);
  /** Reused for every record: no allocation per row. */
  private readonly record: CsvRecord = { buf: Buffer.alloc(0), starts: this.starts, ends: this.ends, fieldCount: 0, line: 0 };

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  push(chunk: Buffer): void {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.first) {
      if (buf.length < 3 && buf.every((b, i) => b === [0xef, 0xbb, 0xbf][i])) {
        this.carry = buf;
        return;
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.first = false;
    }
    const rest = this.consume(buf, false);
    this.carry = rest < buf.length ? buf.subarray(rest) : null;
    if (this.carry && this.carry.length > MAX_RECORD_BYTES) {
      throw new DataError(`line ${this.line}: a record longer than ${MAX_RECORD_BYTES} bytes (an unclosed quote?)`);
    }
  }

  end(): void {
    if (this.carry) this.consume(this.carry, true);
    this.carry = null;
  }

  /** Reads every complete record of `buf`; returns where the incomplete rest starts. */
  private consume(buf: Buffer, final: boolean): number {
    const length = buf.length;
    let pos = 0;
    // Lines before the next quote character take the fast path: split on commas only.
    let nextQuote = -1;
    while (pos < length) {
      // Empty lines (LF or CRLF) are skipped.
      if (buf[pos] === LF) {
        pos++;
        this.line++;
        continue;
      }
      if (buf[pos] === CR && pos + 1 < length && buf[pos + 1] === LF) {
        pos += 2;
        this.line++;
        continue;
      }
      if (nextQuote < pos) {
        nextQuote = buf.indexOf(QUOTE, pos);
        if (nextQuote < 0) nextQuote = length;
      }
      const lineEnd = buf.indexOf(LF, pos);
      if (lineEnd >= 0 && lineEnd < nextQuote) {
        this.splitPlainLine(buf, pos, lineEnd);
        pos = lineEnd + 1;
        continue;
      }
      const end = this.parseRecord(buf, pos, final);
      if (end < 0) return pos;
      pos = end;
    }
    return pos;
  }

  /** A line without quotes: fields are the text between commas (a trailing CR is dropped). */
  private splitPlainLine(buf: Buffer, start: number, lineEnd: number): void {
    const end = buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    let starts = this.starts;
    let ends = this.ends;
    let field = 0;
    let fieldStart = start;
    for (let i = start; i < end; i++) {
      if (buf[i] !== COMMA) continue;
      if (field + 1 >= starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
      }
      starts[field] = fieldStart;
      ends[field++] = i;
      fieldStart = i + 1;
    }
    starts[field] = fieldStart;
    ends[field++] = end;
    this.emit(buf, field, this.line++);
  }

  /** Parses one record at `pos`; returns the position after it, or −1 if it is not complete yet. */
  private parseRecord(buf: Buffer, pos: number, final: boolean): number {
    const length = buf.length;
    let i = pos;
    let field = 0;
    let quoted = false;
    for (;;) {
      if (field === this.starts.length) this.grow();
      let start: number;
      let end: number;
      this.escaped[field] = 0;
      if (buf[i] === QUOTE) {
        quoted = true;
        start = i + 1;
        let j = start;
        for (;;) {
          const q = buf.indexOf(QUOTE, j);
          if (q < 0) {
            if (!final) return -1;
            throw new DataError(`line ${this.line}: a quoted field is not closed`);
          }
          if (q + 1 >= length && !final) return -1;
          if (buf[q + 1] === QUOTE) {
            this.escaped[field] = 1;
            j = q + 2;
            continue;
          }
          end = q;
          i = q + 1;
          break;
        }
        const next = buf[i];
        if (i < length && next !== COMMA && next !== LF && !(next === CR && buf[i + 1] === LF)) {
          if (next === CR && i + 1 >= length && !final) return -1;
          throw new DataError(`line ${this.lineOf(buf, pos, i)}: unexpected character after a closing quote`);
        }
        if (next === CR) i++;
      } else {
        start = i;
        let c = 0;
        while (i < length) {
          c = buf[i];
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) throw new DataError(`line ${this.lineOf(buf, pos, i)}: a quote inside an unquoted field`);
          i++;
        }
        end = i;
        if (i === length && !final) return -1;
        if ((c === LF || i === length) && end > start && buf[end - 1] === CR) end--;
      }
      this.starts[field] = start;
      this.ends[field] = end;
      field++;
      if (i < length && buf[i] === COMMA) {
        i++;
        if (i === length && !final) return -1;
        continue;
      }
      // End of the record: a line feed or the end of the data.
      const recordLine = this.line;
      this.line += quoted ? this.countLineFeeds(buf, pos, i) + 1 : 1;
      if (quoted) this.unescape(buf, field);
      this.emit(buf, field, recordLine);
      return i < length ? i + 1 : i;
    }
  }

  private emit(buf: Buffer, fieldCount: number, line: number): void {
    const record = this.record;
    record.buf = buf;
    record.starts = this.starts;
    record.ends = this.ends;
    record.fieldCount = fieldCount;
    record.line = line;
    this.onRecord(record);
  }

  /** Turns doubled quotes into single ones, in place (the record is complete and never read again). */
  private unescape(buf: Buffer, fieldCount: number): void {
    for (let f = 0; f < fieldCount; f++) {
      if (!this.escaped[f]) continue;
      let write = this.starts[f];
      for (let read = this.starts[f]; read < this.ends[f]; read++) {
        buf[write++] = buf[read];
        if (buf[read] === QUOTE) read++;
      }
      this.ends[f] = write;
    }
  }

  private countLineFeeds(buf: Buffer, from: number, to: number): number {
    let count = 0;
    for (let i = buf.indexOf(LF, from); i >= 0 && i < to; i = buf.indexOf(LF, i + 1)) count++;
    return count;
  }

  private lineOf(buf: Buffer, recordStart: number, at: number): number {
    return this.line + this.countLineFeeds(buf, recordStart, at);
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const escaped = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

import type { ScanConfig } from '../bias-analysis.types.js';
import { DataError } from './data-error.js';

/**
 * A label or prediction column read as binary: positive when the value equals positiveLabel, and
 * at most one other value is allowed (the negative one), else the column is not binary.
 */
export class BinaryColumn {
  private readonly positive: Buffer;
  private negative: Buffer | null = null;
  private negativeText: string | null = null;

  constructor(
    private readonly role: 'label' | 'prediction',
    private readonly column: string,
    private readonly positiveLabel: string,
  ) {
    this.positive = Buffer.from(positiveLabel, 'utf8');
  }

  /** 1 or 0 for raw CSV bytes; `line` names the row in the message. */
  classifyBytes(buf: Buffer, start: number, end: number, line: number): number {
    if (sameBytes(this.positive, buf, start, end)) return 1;
    if (this.negative === null) {
      this.negative = Buffer.from(buf.subarray(start, end));
      this.negativeText = this.negative.toString('utf8');
      return 0;
    }
    if (sameBytes(this.negative, buf, start, end)) return 0;
    throw this.notBinary(buf.toString('utf8', start, end), `line ${line}`);
  }

  classifyText(value: string, where: string): number {
    if (value === this.positiveLabel) return 1;
    if (this.negativeText === null) {
      this.negativeText = value;
      this.negative = Buffer.from(value, 'utf8');
      return 0;
    }
    if (value === this.negativeText) return 0;
    throw this.notBinary(value, where);
  }

  private notBinary(value: string, where: string): DataError {
    return new DataError(
      `${where}: ${this.role} column '${this.column}' is not binary under positiveLabel '${this.positiveLabel}': ` +
        `it has the values '${this.negativeText}' and '${value}' besides '${this.positiveLabel}'`,
    );
  }
}

function sameBytes(key: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[start + i]) return false;
  return true;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A decimal number from CSV bytes, exactly as Number() reads it: plain digits with an optional sign
 * and fraction take the fast path (an integer mantissa below 2^53 divided by an exact power of ten
 * is correctly rounded); anything else goes through Number() after a strict syntax check.
 * NaN when the text is not a number.
 */
export function parseNumberBytes(buf: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (buf[i] === 45 || buf[i] === 43)) negative = buf[i++] === 45;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 && decimals === -1) {
      decimals = 0;
      continue;
    } else break;
    if (decimals >= 0) decimals++;
  }
  if (i === end && digits > 0 && digits <= 15 && decimals <= 22) {
    const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals] : mantissa;
    return negative ? -value : value;
  }
  return parseNumberText(buf.toString('latin1', start, end));
}

export function parseNumberText(text: string): number {
  return NUMBER_TEXT.test(text) ? Number(text) : Number.NaN;
}

/** Every column the analysis reads, for the "not found" check. */
export function requiredColumns(config: ScanConfig): string[] {
  return [config.labelColumn, config.predictionColumn, config.scoreColumn, ...config.protectedAttributes].filter(
    (c): c is string => c !== null,
  );
}

export function columnNotFound(column: string, columns: readonly string[], where?: string): DataError {
  return new DataError(`${where ? `${where}: ` : ''}column '${column}' not found; columns are ${columns.join(', ')}`);
}

import { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP);
 * a leading apostrophe makes them show it as text.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV: header row, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export function createCsvStringifier(columns: readonly string[]) {
  const options: Options = {
    header: true,
    columns: columns.map((key) => ({ key, header: key })),
    record_delimiter: 'windows',
    cast: { string: neutralizeFormula, date: (date) => date.toISOString() },
  };
  return stringify(options);
}

const CURSOR_NAME = 'csv_export_cursor';

/**
 * Streams the rows of a query through a server-side cursor, one batch at a time, so memory stays flat
 * however large the result. The connection is held (in a transaction, which the cursor needs) until the
 * stream ends or is destroyed, e.g. when the client disconnects.
 */
class CursorStream extends Readable {
  /** The FETCH in flight, if any: the cursor is closed only after it settles (one query at a time per connection). */
  private fetching: Promise<void> | null = null;

  constructor(
    private readonly runner: QueryRunner,
    private readonly batchSize: number,
  ) {
    super({ objectMode: true, highWaterMark: batchSize });
  }

  override _read(): void {
    if (this.fetching) return;
    this.fetching = this.runner.query(`FETCH FORWARD ${this.batchSize} FROM ${CURSOR_NAME}`).then(
      (rows: Record<string, unknown>[]) => {
        this.fetching = null;
        for (const row of rows) this.push(row);
        if (rows.length < this.batchSize) this.push(null);
      },
      (error: Error) => {
        this.fetching = null;
        this.destroy(error);
      },
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    Promise.resolve(this.fetching)
      .then(() => closeCursor(this.runner))
      .then(
        () => callback(error),
        (closeError: Error) => callback(error ?? closeError),
      );
  }
}

async function closeCursor(runner: QueryRunner): Promise<void> {
  if (runner.isReleased) return;
  try {
    // Read-only work: rolling back just ends the transaction and drops the cursor.
    if (runner.isTransactionActive) await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
}

/**
 * Opens the cursor before returning, so a failing query is still reported as an HTTP error rather than
 * as a broken download.
 */
export async function streamQueryRows(dataSource: DataSource, [sql, parameters]: [string, unknown[]], batchSize = 250): Promise<Readable> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`DECLARE ${CURSOR_NAME} NO SCROLL CURSOR FOR ${sql}`, parameters);
  } catch (error) {
    await closeCursor(runner);
    throw error;
  }
  return new CursorStream(runner, batchSize);
}

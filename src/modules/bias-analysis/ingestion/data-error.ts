/** Bad input data: the scan fails with this message (never retried). */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

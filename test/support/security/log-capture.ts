import type { DestinationStream } from 'pino';
import { LOG_DESTINATION } from '../../../src/infra/logging.module.js';

/**
 * Collects every log line the application (API and workers) writes, in process.
 *
 * The app's own loggers are used unchanged (level, redaction, serializers): only their destination
 * (LOG_DESTINATION) is replaced by this collector, so the test sees exactly the lines production
 * would write to stdout.
 */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];

  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line.trim()) this.lines.push(line);
  }

  /** A provider override (for createTestApp / createTestWorker) that routes the app's logs here. */
  providerFor(): [token: unknown, value: unknown] {
    return [LOG_DESTINATION, this];
  }
}

import { MODULE_METADATA } from '@nestjs/common/constants';
import type { DynamicModule, FactoryProvider } from '@nestjs/common';
import { PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { loadConfig, type AppConfig } from '../../../src/config/app-config.js';
import { LoggingModule } from '../../../src/infra/logging.module.js';

/**
 * Collects every log line the application (API and workers) writes, in process.
 *
 * The app's own logger parameters are used unchanged (level, redaction, serializers): they are
 * built by LoggingModule's factory, and only the destination is replaced by this collector. That
 * way the test sees exactly the lines production would write to stdout.
 */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];

  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line.trim()) this.lines.push(line);
  }

  /** A provider override (for createTestApp / createTestWorker) that routes the app's logs here. */
  providerFor(env: Record<string, string>): [token: unknown, value: unknown] {
    const factory = loggingParamsFactory();
    const params = factory(loadConfig({ ...process.env, ...env }));
    const pinoHttp = params.pinoHttp as Record<string, unknown>;
    return [PARAMS_PROVIDER_TOKEN, { ...params, pinoHttp: [pinoHttp, this] } satisfies Params];
  }
}

/** LoggingModule's own `useFactory` for the nestjs-pino parameters, read from its module metadata. */
function loggingParamsFactory(): (config: AppConfig) => Params {
  const imports = (Reflect.getMetadata(MODULE_METADATA.IMPORTS, LoggingModule) ?? []) as DynamicModule[];
  const provider = imports
    .flatMap((module) => module.providers ?? [])
    .find((p): p is FactoryProvider => typeof p === 'object' && 'provide' in p && p.provide === PARAMS_PROVIDER_TOKEN && 'useFactory' in p);
  if (!provider) throw new Error('LoggingModule no longer configures nestjs-pino through forRootAsync: update log-capture.ts');
  return provider.useFactory as (config: AppConfig) => Params;
}

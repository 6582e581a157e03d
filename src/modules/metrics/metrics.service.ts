import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ALL_QUEUE_INSTANCES, isQueueClientReady } from './queues.provider.js';

const CATCH_ALL_ROUTES = new Set(['{/*splat}', '/*splat', '*']);
const JOB_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed', 'paused'] as const;

/**
 * Prometheus metrics of this process, on a registry of its own (several apps may live in one
 * process, e.g. under Jest): HTTP request durations by route pattern, queue depth per state, and
 * job durations/failures observed through Bull's global events (whichever worker ran the job).
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'Processing time of finished jobs (one attempt), by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  private readonly jobFailures = new Counter({
    name: 'queue_job_failures_total',
    help: 'Failed job attempts, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(ALL_QUEUE_INSTANCES) private readonly queues: Queue[]) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state (read from Redis at scrape time)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.filter(isQueueClientReady).map(async (queue) => {
            const counts = (await queue.getJobCounts().catch(() => undefined)) as Record<string, number> | undefined;
            if (!counts) return;
            for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
  }

  onApplicationBootstrap(): void {
    for (const queue of this.queues) void this.subscribeToJobEvents(queue);
  }

  /** Subscribes once Redis answers; without Redis (or once the queue is closed) the API runs on without job metrics. */
  private async subscribeToJobEvents(queue: Queue): Promise<void> {
    try {
      await queue.isReady();
      // Bull's queue.on('global:…') subscribes on its event connection in a promise it never handles, which rejects
      // when the queue closes before that connection is ready (an API stopped right after it started). Registering
      // the events through the same call first, with the outcome handled here, makes queue.on reuse that registration.
      const bull = queue as unknown as { _registerEvent(event: string): Promise<unknown> };
      await Promise.all(['global:completed', 'global:failed'].map((event) => bull._registerEvent(event)));
    } catch {
      return;
    }
    queue.on('global:completed', (jobId: string) => void this.observeJob(queue, jobId, 'completed'));
    queue.on('global:failed', (jobId: string) => {
      this.jobFailures.inc({ queue: queue.name });
      void this.observeJob(queue, jobId, 'failed');
    });
  }

  /** Express middleware timing every request; the route label is the matched pattern, never the raw URL. */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        const pattern: unknown = req.route?.path;
        // Nest answers unknown paths through a catch-all route ({/*splat}): one label for all of them.
        const route = typeof pattern === 'string' && !CATCH_ALL_ROUTES.has(pattern) ? `${req.baseUrl}${pattern}` : 'unmatched';
        end({ method: req.method, route, status_code: String(res.statusCode) });
      });
      next();
    };
  }

  private async observeJob(queue: Queue, jobId: string, outcome: 'completed' | 'failed'): Promise<void> {
    const job = await queue.getJob(jobId).catch(() => null);
    if (job?.processedOn && job.finishedOn)
      this.jobDuration.observe({ queue: queue.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
  }
}

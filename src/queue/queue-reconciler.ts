import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

/**
 * What a domain's reconcile step gets: `queuedBefore` is the cut-off of the grace period. Work queued
 * after it is left alone, because its job may be being added right now (the row is committed
 * before the job is enqueued).
 */
export interface ReconcileContext {
  queuedBefore: Date;
}

/** Returns how many items it recovered (schedules registered, jobs queued again, runs resumed); it logs each one. */
export type ReconcileStep = (context: ReconcileContext) => Promise<number>;

/** A step waiting longer than this on Redis or PostgreSQL is abandoned until the next tick. */
const STEP_TIMEOUT_MS = 30_000;

/** One reconciliation at a time across every worker sharing the database. */
const RECONCILE_LOCK = 7_700_201;

/**
 * Ids of the queue's jobs that will still run (waiting, active, delayed, paused). Ids only (no job
 * bodies), so it stays cheap with thousands of queued jobs. Throws when Redis does not answer:
 * "unknown" must never read as "none".
 */
export async function liveJobIds(queue: Queue): Promise<Set<string>> {
  const answers = await queue.client
    .multi()
    .lrange(queue.toKey('wait'), 0, -1)
    .lrange(queue.toKey('active'), 0, -1)
    .zrange(queue.toKey('delayed'), 0, -1)
    .lrange(queue.toKey('paused'), 0, -1)
    .exec();
  if (!answers) throw new Error('Redis discarded the transaction');
  const ids = new Set<string>();
  for (const [error, list] of answers) {
    if (error) throw error;
    for (const id of list as string[]) ids.add(id);
  }
  return ids;
}

/**
 * The ids of the rows (scans, runs) that still have a live job, read from the job ids with
 * `ownerId` (its first capture group is the row's id), e.g. /^bias-analysis:(\d+)(?::|$)/.
 */
export async function liveJobOwnerIds(queue: Queue, ownerId: RegExp): Promise<Set<number>> {
  const owners = new Set<number>();
  for (const id of await liveJobIds(queue)) {
    const match = ownerId.exec(id);
    if (match) owners.add(Number(match[1]));
  }
  return owners;
}

/** What Bull records as the failure of a job it failed for stalling more than `maxStalledCount` times. */
export const STALLED_LIMIT_REASON = 'job stalled more than allowable limit';

export interface CrashedJob {
  jobId: string;
  /** When Bull gave up on it (ms since the epoch). */
  failedAt: number;
}

/**
 * The jobs of `owners` (row ids, read from job ids with `ownerId` as in liveJobOwnerIds) that Bull failed because
 * every worker running them died (a stall is a worker that stopped renewing its lock: killed, out of memory,
 * crashed). Such work must not be queued again: it would take down maxStalledCount + 1 more workers at every
 * reconciliation pass, forever. Reads the failed jobs' ids, and the reason of those that belong to an owner.
 */
export async function crashedJobsByOwner(queue: Queue, ownerId: RegExp, owners: ReadonlySet<number>): Promise<Map<number, CrashedJob[]>> {
  const crashed = new Map<number, CrashedJob[]>();
  if (!owners.size) return crashed;
  const owned = (await queue.client.zrange(queue.toKey('failed'), 0, -1))
    .map((jobId) => ({ jobId, owner: Number(ownerId.exec(jobId)?.[1]) }))
    .filter(({ owner }) => owners.has(owner));
  if (!owned.length) return crashed;
  // One round trip for all of them.
  const pipeline = queue.client.pipeline();
  for (const { jobId } of owned) pipeline.hmget(queue.toKey(jobId), 'failedReason', 'finishedOn');
  const answers = (await pipeline.exec()) ?? [];
  owned.forEach(({ jobId, owner }, i) => {
    const [error, fields] = answers[i] ?? [new Error('no answer'), null];
    if (error) throw error;
    const [reason, finishedOn] = fields as [string | null, string | null];
    if (reason !== STALLED_LIMIT_REASON) return;
    crashed.set(owner, [...(crashed.get(owner) ?? []), { jobId, failedAt: Number(finishedOn) }]);
  });
  return crashed;
}

/** The failure recorded for work whose job crashed its workers (see crashedJobsByOwner); `subject` names it. */
export function crashedJobMessage(subject: string): string {
  return (
    `${subject} stopped the worker process running it each time it was taken over (killed or crashed, e.g. out of memory), ` +
    'so it was not queued again; see the worker logs'
  );
}

/**
 * Adds a job under a deterministic id even when a finished job (kept for the dashboard) still
 * holds that id: Bull ignores an add whose id exists, whatever its state. The caller has checked
 * that no live job has the id.
 */
export async function addReplacingFinished<T extends object>(queue: Queue, name: string, data: T, jobId: string): Promise<void> {
  const previous = await queue.getJob(jobId);
  if (previous && ['completed', 'failed'].includes(await previous.getState())) await previous.remove();
  await queue.add(name, data, { jobId });
}

/**
 * Makes the queues match PostgreSQL again after Redis lost its data (restart without persistence,
 * FLUSHALL, fail-over to an empty replica): every QUEUE_RECONCILE_INTERVAL_MS each worker process
 * runs the steps that the domains registered (re-register repeatable schedules, re-queue work that
 * the database holds as queued but no job carries). It is an in-process timer, not a Bull job,
 * because Bull's own data is what may be gone. A PostgreSQL advisory lock lets one worker reconcile
 * at a time; the steps are idempotent (deterministic job ids), so a second worker reconciling just
 * after the first finds nothing to do.
 */
@Injectable()
export class QueueReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueueReconciler.name);
  private readonly steps = new Map<string, ReconcileStep>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called by the domains' worker-side providers when the module initializes. */
  register(name: string, step: ReconcileStep): void {
    this.steps.set(name, step);
  }

  /** Twice the interval: an item queued that recently is never raced with its own enqueue. */
  get graceMs(): number {
    return 2 * this.config.queue.reconcileIntervalMs;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.reconcile().catch(() => undefined), this.config.queue.reconcileIntervalMs);
    // The timer alone must not keep a process alive that is otherwise shutting down.
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    // A pass in progress finishes before the pools close (bounded: a stuck Redis must not block shutdown).
    await withTimeout(this.running ?? Promise.resolve(0), STEP_TIMEOUT_MS).catch(() => undefined);
  }

  /**
   * One pass (the timer's tick; tests call it directly). Returns the number of recovered items, or
   * 0 when another worker holds the lock. `graceMs` overrides the grace period (tests).
   */
  reconcile(graceMs = this.graceMs): Promise<number> {
    // A slow pass (Redis or PostgreSQL timing out) is never overlapped by the next tick.
    this.running ??= this.reconcileUnderLock(graceMs).finally(() => (this.running = null));
    return this.running;
  }

  private async reconcileUnderLock(graceMs: number): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [RECONCILE_LOCK])) as Array<{
        locked: boolean;
      }>;
      if (!locked) return 0;
      try {
        return await this.runSteps({ queuedBefore: new Date(Date.now() - graceMs) });
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [RECONCILE_LOCK]);
      }
    } catch (error) {
      // PostgreSQL unreachable: nothing can be compared; the next tick tries again.
      this.logger.warn(`queue reconciliation skipped: ${(error as Error).message}`);
      return 0;
    } finally {
      await runner.release().catch(() => undefined);
    }
  }

  private async runSteps(context: ReconcileContext): Promise<number> {
    let recovered = 0;
    for (const [name, step] of this.steps) {
      try {
        recovered += await withTimeout(step(context), STEP_TIMEOUT_MS);
      } catch (error) {
        // Typically Redis unreachable: its data may be intact, so nothing is assumed lost.
        this.logger.warn(`queue reconciliation of ${name} skipped: ${(error as Error).message}`);
      }
    }
    if (recovered) this.logger.log(`queue reconciliation recovered ${recovered} item(s)`);
    return recovered;
  }
}

/** Worker processes only (WorkerModule): the domains' worker modules register their steps with it. */
@Global()
@Module({ providers: [QueueReconciler], exports: [QueueReconciler] })
export class QueueReconcilerModule {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

import type { ModuleRef } from '@nestjs/core';
import type { ActionContext, ActionResponse, NoticeMessage } from 'adminjs';
import { BiasScansService } from '../bias-analysis/bias-scans.service.js';
import { FrontierSourcesService } from '../frontier-models/frontier-sources.service.js';
import { GithubScansService } from '../github-scans/github-scans.service.js';
import type { ExtraActions } from './admin-resources.js';

/** The message of a refused or failed enqueue (Nest exceptions carry a readable one, e.g. 503 while Redis is down). */
function failure(error: unknown): NoticeMessage {
  return { type: 'error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Console actions that enqueue the real jobs through the modules' own services (the same rules and
 * job ids as the REST API). Services are looked up when clicked: their modules do not export them all.
 */
export function buildJobActions(moduleRef: ModuleRef): ExtraActions {
  const service = <T>(type: new (...args: never[]) => T): T => moduleRef.get(type, { strict: false });
  return {
    github_scan_configs: {
      runScanNow: {
        actionType: 'record',
        icon: 'Play',
        component: false,
        guard: 'Scan this GitHub organization now?',
        handler: async (_request, _response, context: ActionContext): Promise<ActionResponse> => {
          const { record, currentAdmin } = context;
          if (!record) return { notice: { type: 'error', message: 'No such scan configuration' } };
          try {
            const started = await service(GithubScansService).startRun(
              Number(record.get('organizationId')),
              Number(record.id()),
              null,
              'manual',
            );
            return {
              record: record.toJSON(currentAdmin),
              notice: { type: 'success', message: `Scan ${started.scanId} is ${started.status} (job ${started.jobId})` },
            };
          } catch (error) {
            return { record: record.toJSON(currentAdmin), notice: failure(error) };
          }
        },
      },
    },
    bias_analysis_scans: {
      rerun: {
        actionType: 'record',
        icon: 'RotateCcw',
        component: false,
        guard: 'Queue this failed bias scan again?',
        isAccessible: ({ record }) => record?.get('status') === 'failed',
        handler: async (_request, _response, context: ActionContext): Promise<ActionResponse> => {
          const { record, currentAdmin } = context;
          if (!record) return { notice: { type: 'error', message: 'No such bias scan' } };
          try {
            const queued = await service(BiasScansService).rerun(Number(record.get('organizationId')), Number(record.id()));
            return { record: record.toJSON(currentAdmin), notice: { type: 'success', message: `Re-run queued (job ${queued.jobId})` } };
          } catch (error) {
            return { record: record.toJSON(currentAdmin), notice: failure(error) };
          }
        },
      },
    },
    frontier_sources: {
      fetchNow: {
        actionType: 'resource',
        icon: 'RefreshCw',
        component: false,
        guard: 'Fetch every enabled feed source now?',
        handler: async (): Promise<ActionResponse> => {
          try {
            const run = await service(FrontierSourcesService).fetchNow();
            return { notice: { type: 'success', message: `Fetching every enabled source (job ${run.jobId})` } };
          } catch (error) {
            return { notice: failure(error) };
          }
        },
      },
    },
  };
}

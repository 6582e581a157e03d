import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { assertReferencesInOrganization } from '../../common/tenancy/references.js';
import { inspectJsonBody } from '../../common/validation/json-body-inspection.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { JobProducer } from '../../queue/job-producer.js';
import { jobId, QueueName } from '../../queue/queue.constants.js';
import { BiasJob, DATA_CHUNK_BYTES, WEBHOOK_BATCH_MAX_BYTES } from './bias-analysis.constants.js';
import type { DataFormat, ScanConfig } from './bias-analysis.types.js';
import {
  toBiasResultResponse,
  toBiasScanResponse,
  type BiasResultQueryDto,
  type BiasResultResponseDto,
  type BiasScanQueryDto,
  type BiasScanResponseDto,
  type CreatedBiasScanResponseDto,
  type RecordsAcceptedResponseDto,
} from './dto/bias-scan.dto.js';
import { BiasAnalysisDataChunk } from './entities/bias-analysis-data-chunk.entity.js';
import { BiasAnalysisResult } from './entities/bias-analysis-result.entity.js';
import { BiasAnalysisScan } from './entities/bias-analysis-scan.entity.js';
import { encodeChunk } from './ingestion/chunk-codec.js';
import { DataError } from './ingestion/data-error.js';
import { checkCsvHeader, detectFormat, refineJsonFormat } from './ingestion/upload-format.js';
import { parseScanConfig } from './scan-config.js';
import { decryptSecret, encryptSecret, generateWebhookSecret, verifySignature } from '../../common/crypto/secrets.js';
import { WebhookThrottleService } from './webhook-throttle.service.js';

const SCAN_LIST_RULES = {
  sortable: ['id', 'name', 'status', 'dataSource', 'createdAt', 'startedAt', 'completedAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['name', 'description'],
};
const RESULT_LIST_RULES = {
  sortable: ['id', 'metricName', 'score', 'status', 'demographicGroup'],
  defaultSort: { field: 'id', direction: 'ASC' as const },
  searchable: ['metricName', 'demographicGroup'],
};

interface ScanFields {
  name: string;
  description: string | null;
  config: ScanConfig;
}

function scanFields(raw: Record<string, unknown>): ScanFields {
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (!name || name.length > 200) throw new BadRequestException('name must be a text of 1 to 200 characters');
  const description = raw.description;
  if (description !== undefined && description !== null && (typeof description !== 'string' || description.length > 10000)) {
    throw new BadRequestException('description must be a text of at most 10000 characters');
  }
  if (raw.config === undefined) throw new BadRequestException('config is required');
  return { name, description: (description as string | undefined) || null, config: parseScanConfig(raw.config) };
}

@Injectable()
export class BiasScansService {
  constructor(
    @Inject(scopedRepositoryToken(BiasAnalysisScan)) private readonly scans: OrganizationScopedRepository<BiasAnalysisScan>,
    @Inject(scopedRepositoryToken(BiasAnalysisResult)) private readonly results: OrganizationScopedRepository<BiasAnalysisResult>,
    @Inject(scopedRepositoryToken(BiasAnalysisDataChunk)) private readonly chunks: OrganizationScopedRepository<BiasAnalysisDataChunk>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: JobProducer,
    private readonly webhookThrottle: WebhookThrottleService,
  ) {}

  async list(principal: Principal, query: BiasScanQueryDto): Promise<Paginated<BiasScanResponseDto>> {
    const page = await this.scans.listInOrg(
      principal.organizationId,
      { ...query, filters: { status: query.status, dataSource: query.dataSource } },
      SCAN_LIST_RULES,
    );
    return mapPage(page, toBiasScanResponse);
  }

  async get(principal: Principal, id: number): Promise<BiasScanResponseDto> {
    return toBiasScanResponse(await this.scans.getInOrg(principal.organizationId, id));
  }

  async listResults(principal: Principal, id: number, query: BiasResultQueryDto): Promise<Paginated<BiasResultResponseDto>> {
    await this.scans.getInOrg(principal.organizationId, id);
    const qb = this.results.query(principal.organizationId, 'entity').andWhere('entity.scanId = :scanId', { scanId: id });
    const page = await this.results.paginate(
      qb,
      { ...query, filters: { metricName: query.metricName, status: query.status } },
      RESULT_LIST_RULES,
    );
    return mapPage(page, toBiasResultResponse);
  }

  /** POST /scans: a multipart upload, or a JSON body creating a webhook scan. */
  create(principal: Principal, request: Request): Promise<CreatedBiasScanResponseDto> {
    if (request.is('multipart/form-data')) return this.createFromUpload(principal, request);
    if (request.is('application/json')) return this.createWebhookScan(principal, request);
    throw new UnsupportedMediaTypeException('send multipart/form-data (file upload) or application/json (webhook scan)');
  }

  private async createWebhookScan(principal: Principal, request: Request): Promise<CreatedBiasScanResponseDto> {
    const body: unknown = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('the body must be a JSON object');
    inspectJsonBody(body);
    const raw = body as Record<string, unknown>;
    for (const key of Object.keys(raw)) {
      if (!['name', 'description', 'dataSource', 'config'].includes(key)) throw new BadRequestException(`property ${key} should not exist`);
    }
    if (raw.dataSource !== 'webhook') {
      throw new BadRequestException('dataSource must be "webhook" (upload files as multipart/form-data instead)');
    }
    const fields = scanFields(raw);
    const secret = generateWebhookSecret();
    const scan = await this.dataSource.transaction(async (manager) => {
      await this.assertAiSystem(manager, principal, fields.config);
      return this.scans.createInOrg(
        principal.organizationId,
        {
          ...fields,
          dataSource: 'webhook',
          dataFormat: 'ndjson',
          status: 'pending',
          startedAt: null,
          createdBy: principal.userId,
          webhookSecret: encryptSecret(secret, this.config.encryptionKey),
        },
        manager,
      );
    });
    return {
      ...toBiasScanResponse(scan),
      jobId: null,
      webhookUrl: `${request.protocol}://${request.get('host')}/api/v1/bias-analysis/scans/${scan.id}/records`,
      webhookSecret: secret,
    };
  }

  private async assertAiSystem(manager: EntityManager, principal: Principal, config: ScanConfig): Promise<void> {
    await assertReferencesInOrganization(manager, principal.organizationId, [
      { field: 'config.aiSystemId', table: 'ai_systems', id: config.aiSystemId, label: 'AI system' },
    ]);
  }

  /**
   * Streams the multipart body: the `name`, `description` and `config` fields must come before
   * `file`, so the settings are checked before any byte is stored; the file goes to PostgreSQL in
   * chunks as it arrives (never held whole in memory), inside one transaction.
   */
  private createFromUpload(principal: Principal, request: Request): Promise<CreatedBiasScanResponseDto> {
    const maxBytes = this.config.bias.uploadMaxBytes;
    const declared = Number(request.headers['content-length']);
    // Multipart framing adds a little; a body far beyond the limit is refused before reading it.
    if (declared > maxBytes + 64 * 1024) throw new PayloadTooLargeException(`the upload exceeds the limit of ${maxBytes} bytes`);
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024 * 1024 } });
      } catch (error) {
        reject(new BadRequestException(`malformed multipart body: ${(error as Error).message}`));
        return;
      }
      const fields: Record<string, string> = {};
      let stored: Promise<CreatedBiasScanResponseDto> | null = null;
      let failure: Error | null = null;
      let parsed = false;
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        // Stop parsing; the rest of the body is read and dropped so the answer can be sent.
        request.unpipe(parser);
        request.resume();
        reject(error);
      };
      const finish = () => {
        if (settled || !parsed) return;
        if (!stored) return fail(failure ?? new BadRequestException('file is required'));
        stored.then((created) => {
          if (settled) return;
          if (!failure) {
            settled = true;
            return resolve(created);
          }
          void this.discard(principal, created.id).then(() => fail(failure));
        }, fail);
      };
      parser.on('field', (name, value) => {
        if (!['name', 'description', 'config'].includes(name)) failure ??= new BadRequestException(`unexpected form field '${name}'`);
        else fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'file' || stored || failure) {
          failure ??= new BadRequestException(name === 'file' ? 'send one file only' : `unexpected file field '${name}' (use 'file')`);
          stream.resume();
          return;
        }
        stored = this.storeUpload(principal, { ...fields }, stream, info);
        stored.catch(fail);
      });
      parser.on('filesLimit', () => (failure ??= new BadRequestException('send one file only')));
      parser.on('error', (error: Error) => fail(new BadRequestException(`malformed multipart body: ${error.message}`)));
      parser.on('close', () => {
        parsed = true;
        finish();
      });
      request.pipe(parser);
    });
  }

  private async storeUpload(
    principal: Principal,
    rawFields: Record<string, string>,
    stream: Readable & { truncated?: boolean },
    info: busboy.FileInfo,
  ): Promise<CreatedBiasScanResponseDto> {
    if (rawFields.name === undefined || rawFields.config === undefined) {
      throw new BadRequestException('the form fields name and config are required, before the file');
    }
    const fields = scanFields(rawFields);
    const detected = detectFormat(info.filename, info.mimeType);
    if (!detected) {
      throw new UnsupportedMediaTypeException(
        `unsupported file type '${info.filename ?? info.mimeType}': send a CSV file (.csv), a JSON array (.json) or NDJSON (.ndjson, .jsonl)`,
      );
    }
    let tooLarge = false;
    stream.on('limit', () => (tooLarge = true));
    const scan = await this.dataSource.transaction(async (manager) => {
      await this.assertAiSystem(manager, principal, fields.config);
      const created = await this.scans.createInOrg(
        principal.organizationId,
        {
          ...fields,
          dataSource: detected === 'csv' ? 'csv' : 'json',
          dataFormat: detected,
          status: 'pending',
          startedAt: null,
          createdBy: principal.userId,
        },
        manager,
      );
      let format: DataFormat = detected;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let seq = 0;
      // One chunk is compressed while the previous one is written: at most two in memory.
      let previous: Promise<unknown> = Promise.resolve();
      const flush = async () => {
        const data = pending.length === 1 ? pending[0] : Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        if (seq === 0) {
          format = refineJsonFormat(format, data);
          if (format === 'csv') this.checkHeader(data, fields.config);
        }
        const chunk = { scanId: created.id, seq: seq++ };
        const encoded = encodeChunk(data);
        await previous;
        previous = encoded.then((stored) => this.chunks.createInOrg(principal.organizationId, { ...chunk, data: stored }, manager));
        previous.catch(() => undefined);
      };
      for await (const piece of stream as AsyncIterable<Buffer>) {
        // Past the limit busboy drops the rest of the file; the loop just ends.
        if (tooLarge) continue;
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes >= DATA_CHUNK_BYTES) await flush();
      }
      if (tooLarge || stream.truncated)
        throw new PayloadTooLargeException(`the upload exceeds the limit of ${this.config.bias.uploadMaxBytes} bytes`);
      if (pendingBytes > 0) await flush();
      await previous;
      if (seq === 0) throw new BadRequestException('file is empty');
      return this.scans.updateInOrg(principal.organizationId, created.id, { dataFormat: format, queuedAt: new Date() }, manager);
    });
    const job = await this.enqueueOrDiscard(principal, scan.id);
    return { ...toBiasScanResponse(scan), jobId: job };
  }

  private checkHeader(head: Buffer, config: ScanConfig): void {
    try {
      checkCsvHeader(head, config);
    } catch (error) {
      if (error instanceof DataError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private async enqueueOrDiscard(principal: Principal, scanId: number): Promise<string> {
    const id = jobId(QueueName.BiasAnalysis, scanId);
    try {
      await this.producer.enqueue(
        QueueName.BiasAnalysis,
        BiasJob.Analyze,
        { organizationId: principal.organizationId, scanId },
        { jobId: id },
      );
    } catch (error) {
      await this.discard(principal, scanId);
      throw error;
    }
    return id;
  }

  private async discard(principal: Principal, scanId: number): Promise<void> {
    await this.scans.deleteInOrg(principal.organizationId, scanId).catch(() => undefined);
  }

  /**
   * Webhook ingestion: the batch is verified against the scan's secret (HMAC-SHA256 of the raw
   * body, constant-time) before anything is parsed or stored; then stored as NDJSON lines.
   */
  async ingestRecords(id: number, request: Request & { rawBody?: Buffer }): Promise<RecordsAcceptedResponseDto> {
    const address = request.ip ?? 'unknown';
    await this.webhookThrottle.assertAddressAllowed(address);
    // No principal here: the signature authenticates, so the scan is first found by id alone.
    const [owner] = (await this.dataSource.query(
      `SELECT organization_id FROM bias_analysis_scans WHERE id = $1 AND data_source = 'webhook'`,
      [id],
    )) as Array<{ organization_id: number }>;
    if (!owner) throw new NotFoundException(`Bias scan ${id} not found`);
    const organizationId = owner.organization_id;
    const scan = await this.scans.getInOrg(organizationId, id);
    const body = await this.readRawBody(request);
    const secret = decryptSecret(scan.webhookSecret!, this.config.encryptionKey);
    if (!verifySignature(body, request.get('x-signature-256'), secret)) {
      await this.webhookThrottle.recordSignatureFailure(address);
      throw new UnauthorizedException('missing or invalid X-Signature-256');
    }
    await this.webhookThrottle.consumeBatch(id);
    let records: unknown;
    try {
      records = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new BadRequestException(`the body is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(records)) throw new BadRequestException('the body must be a JSON array of records');
    records.forEach((record, index) => {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        throw new BadRequestException(`record ${index + 1} must be a JSON object`);
      }
    });
    if (records.length === 0) return { scanId: id, accepted: 0 };
    const lines = await encodeChunk(Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8'));
    await this.dataSource.transaction(async (manager) => {
      // The row lock orders concurrent batches and closes the race with /complete.
      const locked = await this.scans
        .query(organizationId, 'scan', manager)
        .andWhere('scan.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!locked || locked.queuedAt) throw new ConflictException(`bias scan ${id} takes no more records: its analysis was queued`);
      const next = await this.chunks
        .query(organizationId, 'chunk', manager)
        .select('COALESCE(MAX(chunk.seq), -1) + 1', 'next')
        .andWhere('chunk.scanId = :id', { id })
        .getRawOne<{ next: number }>();
      await this.chunks.createInOrg(organizationId, { scanId: id, seq: Number(next?.next ?? 0), data: lines }, manager);
    });
    return { scanId: id, accepted: records.length };
  }

  /** The batch's raw bytes: kept by the JSON parser when the app captures raw bodies, else read here. */
  private async readRawBody(request: Request & { rawBody?: Buffer }): Promise<Buffer> {
    if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
    if (request.readableEnded) {
      throw new UnsupportedMediaTypeException('this server cannot read the raw JSON body; send the batch as application/octet-stream');
    }
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of request as AsyncIterable<Buffer>) {
      size += part.length;
      if (size > WEBHOOK_BATCH_MAX_BYTES) {
        request.resume();
        throw new PayloadTooLargeException(`a batch may hold at most ${WEBHOOK_BATCH_MAX_BYTES} bytes`);
      }
      parts.push(part);
    }
    return Buffer.concat(parts);
  }

  /** Ends webhook ingestion and queues the analysis (idempotent: the job id is per scan). */
  async complete(principal: Principal, id: number): Promise<CreatedBiasScanResponseDto> {
    const scan = await this.dataSource.transaction(async (manager) => {
      const found = await this.scans
        .query(principal.organizationId, 'scan', manager)
        .andWhere('scan.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!found) throw new NotFoundException(`Bias scan ${id} not found`);
      if (found.dataSource !== 'webhook') throw new ConflictException(`bias scan ${id} is an upload; its analysis was queued at upload`);
      if (found.queuedAt) return found;
      const stored = await this.chunks.query(principal.organizationId, 'chunk', manager).andWhere('chunk.scanId = :id', { id }).getCount();
      if (stored === 0) throw new BadRequestException(`bias scan ${id} has received no records yet`);
      return this.scans.updateInOrg(principal.organizationId, id, { queuedAt: new Date() }, manager);
    });
    const job = jobId(QueueName.BiasAnalysis, id);
    if (scan.status === 'pending') {
      await this.producer.enqueue(
        QueueName.BiasAnalysis,
        BiasJob.Analyze,
        { organizationId: principal.organizationId, scanId: id },
        { jobId: job },
      );
    }
    return { ...toBiasScanResponse(scan), jobId: job };
  }

  /**
   * Queues a failed scan again (e.g. after a transient database error). It needs the scan's data,
   * which is kept only with BIAS_RETAIN_DATA. Bull keeps failed jobs for weeks, so each re-run
   * gets a job id of its own.
   */
  async rerun(organizationId: number, id: number): Promise<CreatedBiasScanResponseDto> {
    const scan = await this.dataSource.transaction(async (manager) => {
      const found = await this.scans
        .query(organizationId, 'scan', manager)
        .andWhere('scan.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!found) throw new NotFoundException(`Bias scan ${id} not found`);
      if (found.status !== 'failed') throw new ConflictException(`bias scan ${id} is ${found.status}; only a failed scan can be re-run`);
      const stored = await this.chunks.query(organizationId, 'chunk', manager).andWhere('chunk.scanId = :id', { id }).getCount();
      if (stored === 0) {
        throw new ConflictException(
          `bias scan ${id} has no data left (it is deleted after analysis unless BIAS_RETAIN_DATA=true); upload it again`,
        );
      }
      // queuedAt moves on: the queue reconciler leaves a scan queued this recently to its own enqueue.
      return this.scans.updateInOrg(
        organizationId,
        id,
        { status: 'pending', error: null, completedAt: null, progress: 0, queuedAt: new Date() },
        manager,
      );
    });
    const job = jobId(QueueName.BiasAnalysis, id, 'rerun', Date.now());
    await this.producer.enqueue(QueueName.BiasAnalysis, BiasJob.Analyze, { organizationId, scanId: id }, { jobId: job });
    return { ...toBiasScanResponse(scan), jobId: job };
  }
}

import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type Repository } from 'typeorm';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { JobProducer } from '../../queue/job-producer.js';
import { jobId, QueueName } from '../../queue/queue.constants.js';
import {
  toFrontierSourceResponse,
  type CreateFrontierSourceDto,
  type FetchRunResponseDto,
  type FrontierSourceQueryDto,
  type FrontierSourceResponseDto,
  type UpdateFrontierSourceDto,
} from './dto/frontier-source.dto.js';
import { FrontierSource } from './entities/frontier-source.entity.js';
import { FrontierJob } from './frontier.constants.js';
import { isUniqueViolation } from '../../common/errors/database-errors.js';
import { applySort, fetchPage, likePattern } from '../../common/pagination/list-query.js';
import { assertHttpUrl } from './request-helpers.js';

const LIST_RULES = {
  sortable: ['id', 'name', 'kind', 'provider', 'status', 'lastFetchedAt', 'consecutiveFailures', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'id', direction: 'ASC' as const },
};

/** Feed sources (global, platform admins) and on-demand fetch runs. */
@Injectable()
export class FrontierSourcesService {
  private readonly sources: Repository<FrontierSource>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly jobs: JobProducer,
  ) {
    this.sources = dataSource.getRepository(FrontierSource);
  }

  async list(query: FrontierSourceQueryDto): Promise<Paginated<FrontierSourceResponseDto>> {
    const qb = this.sources.createQueryBuilder('source');
    if (query.kind) qb.andWhere('source.kind IN (:...kinds)', { kinds: query.kind });
    if (query.status) qb.andWhere('source.status IN (:...statuses)', { statuses: query.status });
    if (query.enabled !== undefined) qb.andWhere('source.enabled = :enabled', { enabled: query.enabled });
    const q = query.q?.trim();
    if (q) {
      qb.andWhere(
        new Brackets((or) =>
          or.where('source.name ILIKE :search').orWhere('source.url ILIKE :search').orWhere('source.provider ILIKE :search'),
        ),
        { search: likePattern(q) },
      );
    }
    return mapPage(await fetchPage(applySort(qb, query.sort, LIST_RULES), query), toFrontierSourceResponse);
  }

  async get(id: number): Promise<FrontierSourceResponseDto> {
    return toFrontierSourceResponse(await this.find(id));
  }

  async create(dto: CreateFrontierSourceDto): Promise<FrontierSourceResponseDto> {
    assertHttpUrl(dto.url);
    return toFrontierSourceResponse(await this.save(this.sources.create({ ...dto, enabled: dto.enabled ?? true })));
  }

  async update(id: number, dto: UpdateFrontierSourceDto): Promise<FrontierSourceResponseDto> {
    for (const field of ['name', 'url', 'kind', 'enabled'] as const) {
      if (dto[field] === null) throw new BadRequestException(`${field} cannot be null`);
    }
    assertHttpUrl(dto.url);
    const source = await this.find(id);
    const moved = (dto.url !== undefined && dto.url !== source.url) || (dto.kind !== undefined && dto.kind !== source.kind);
    this.sources.merge(source, dto as Partial<FrontierSource>);
    if (moved) {
      // Another document: old validators and failure history no longer apply.
      Object.assign(source, {
        etag: null,
        lastModified: null,
        finalUrl: null,
        status: 'pending',
        lastError: null,
        consecutiveFailures: 0,
        nextAttemptAt: null,
      });
    }
    if (dto.enabled === true) source.nextAttemptAt = null;
    return toFrontierSourceResponse(await this.save(source));
  }

  /** Items already stored stay (their alerts too); they only lose the link to this source. */
  async remove(id: number): Promise<void> {
    // Removed as an entity (not a bare DELETE) so that the audit trail records what was deleted.
    await this.sources.remove(await this.find(id));
  }

  /** Queues a run over every enabled source that is not backing off; the worker fetches each separately. */
  async fetchNow(): Promise<FetchRunResponseDto> {
    const id = jobId(QueueName.FrontierFetch, 'all', Date.now());
    await this.jobs.enqueue(QueueName.FrontierFetch, FrontierJob.FetchAll, {}, { jobId: id });
    return { jobId: id, status: 'queued' };
  }

  private async find(id: number): Promise<FrontierSource> {
    const source = await this.sources.findOneBy({ id });
    if (!source) throw new NotFoundException(`Frontier source ${id} not found`);
    return source;
  }

  private async save(source: FrontierSource): Promise<FrontierSource> {
    try {
      return await this.sources.save(source);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A source with url "${source.url}" already exists`);
      throw error;
    }
  }
}

import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type Repository } from 'typeorm';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import {
  toFrontierModelResponse,
  type CreateFrontierModelDto,
  type FrontierModelQueryDto,
  type FrontierModelResponseDto,
  type UpdateFrontierModelDto,
} from './dto/frontier-model.dto.js';
import { FrontierModel } from './entities/frontier-model.entity.js';
import { isUniqueViolation } from '../../common/errors/database-errors.js';
import { applySort, fetchPage, likePattern } from '../../common/pagination/list-query.js';

const LIST_RULES = {
  sortable: ['id', 'modelId', 'name', 'provider', 'releaseDate', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'name', direction: 'ASC' as const },
};

/** The global frontier-model catalog: everyone signed in reads it, platform admins edit it. */
@Injectable()
export class FrontierCatalogService {
  private readonly models: Repository<FrontierModel>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.models = dataSource.getRepository(FrontierModel);
  }

  async list(query: FrontierModelQueryDto): Promise<Paginated<FrontierModelResponseDto>> {
    const qb = this.models.createQueryBuilder('model');
    if (query.provider?.trim()) qb.andWhere('lower(model.provider) = lower(:provider)', { provider: query.provider.trim() });
    const q = query.q?.trim();
    if (q) {
      qb.andWhere(
        new Brackets((or) =>
          or
            .where('model.modelId ILIKE :search')
            .orWhere('model.name ILIKE :search')
            .orWhere('model.description ILIKE :search')
            .orWhere("array_to_string(model.aliases, ' ') ILIKE :search"),
        ),
        { search: likePattern(q) },
      );
    }
    return mapPage(await fetchPage(applySort(qb, query.sort, LIST_RULES), query), toFrontierModelResponse);
  }

  async get(id: number): Promise<FrontierModelResponseDto> {
    return toFrontierModelResponse(await this.find(id));
  }

  async create(dto: CreateFrontierModelDto): Promise<FrontierModelResponseDto> {
    const model = this.models.create({
      ...dto,
      capabilities: dto.capabilities ?? [],
      aliases: dto.aliases ?? [...new Set([dto.name, dto.modelId])],
    });
    return toFrontierModelResponse(await this.save(model));
  }

  async update(id: number, dto: UpdateFrontierModelDto): Promise<FrontierModelResponseDto> {
    for (const field of ['modelId', 'name', 'provider', 'capabilities', 'aliases'] as const) {
      if (dto[field] === null) throw new BadRequestException(`${field} cannot be null`);
    }
    const model = await this.find(id);
    this.models.merge(model, dto as Partial<FrontierModel>);
    return toFrontierModelResponse(await this.save(model));
  }

  /** Deleting a model also deletes the alert configs following it and their alerts (cascade). */
  async remove(id: number): Promise<void> {
    // Removed as an entity (not a bare DELETE) so that the audit trail records what was deleted.
    await this.models.remove(await this.find(id));
  }

  private async find(id: number): Promise<FrontierModel> {
    const model = await this.models.findOneBy({ id });
    if (!model) throw new NotFoundException(`Frontier model ${id} not found`);
    return model;
  }

  private async save(model: FrontierModel): Promise<FrontierModel> {
    try {
      return await this.models.save(model);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A frontier model with modelId "${model.modelId}" already exists`);
      throw error;
    }
  }
}

import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import {
  toFrontierAlertConfigResponse,
  toFrontierAlertResponse,
  type CreateFrontierAlertConfigDto,
  type FrontierAlertConfigQueryDto,
  type FrontierAlertConfigResponseDto,
  type FrontierAlertQueryDto,
  type FrontierAlertResponseDto,
  type UpdateFrontierAlertConfigDto,
} from './dto/frontier-alert.dto.js';
import { FrontierAlertConfig } from './entities/frontier-alert-config.entity.js';
import { FrontierAlert } from './entities/frontier-alert.entity.js';
import { FrontierModel } from './entities/frontier-model.entity.js';
import { isUniqueViolation } from '../../common/errors/database-errors.js';

const CONFIG_LIST_RULES = {
  sortable: ['id', 'modelId', 'category', 'createdAt', 'updatedAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: [] as string[],
};

const ALERT_LIST_RULES = {
  sortable: ['id', 'datePublished', 'title', 'createdAt'],
  defaultSort: { field: 'datePublished', direction: 'DESC' as const },
  searchable: ['title', 'description'],
};

/** An organization's alert configs (which models and categories it follows) and the alerts they produced. */
@Injectable()
export class FrontierAlertsService {
  constructor(
    @Inject(scopedRepositoryToken(FrontierAlertConfig)) private readonly configs: OrganizationScopedRepository<FrontierAlertConfig>,
    @Inject(scopedRepositoryToken(FrontierAlert)) private readonly alerts: OrganizationScopedRepository<FrontierAlert>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async listConfigs(principal: Principal, query: FrontierAlertConfigQueryDto): Promise<Paginated<FrontierAlertConfigResponseDto>> {
    const qb = this.configs.query(principal.organizationId, 'entity').leftJoinAndSelect('entity.model', 'model');
    const page = await this.configs.paginate(
      qb,
      { ...query, q: undefined, filters: { modelId: query.modelId, category: query.category } },
      CONFIG_LIST_RULES,
    );
    return mapPage(page, toFrontierAlertConfigResponse);
  }

  async getConfig(principal: Principal, id: number, manager?: EntityManager): Promise<FrontierAlertConfigResponseDto> {
    const config = await this.configs
      .query(principal.organizationId, 'entity', manager)
      .leftJoinAndSelect('entity.model', 'model')
      .andWhere('entity.id = :id', { id })
      .getOne();
    if (!config) throw new NotFoundException(`Frontier alert config ${id} not found`);
    return toFrontierAlertConfigResponse(config);
  }

  async createConfig(principal: Principal, dto: CreateFrontierAlertConfigDto): Promise<FrontierAlertConfigResponseDto> {
    return this.writeConfig(principal, dto, async (manager) => {
      const config = await this.configs.createInOrg(principal.organizationId, { ...dto, createdById: principal.userId }, manager);
      return config.id;
    });
  }

  async updateConfig(principal: Principal, id: number, dto: UpdateFrontierAlertConfigDto): Promise<FrontierAlertConfigResponseDto> {
    return this.writeConfig(principal, dto, async (manager) => {
      await this.configs.updateInOrg(principal.organizationId, id, dto, manager);
      return id;
    });
  }

  async removeConfig(principal: Principal, id: number): Promise<void> {
    await this.configs.deleteInOrg(principal.organizationId, id);
  }

  async listAlerts(principal: Principal, query: FrontierAlertQueryDto): Promise<Paginated<FrontierAlertResponseDto>> {
    const qb = this.alerts
      .query(principal.organizationId, 'entity')
      .innerJoinAndSelect('entity.alertConfig', 'config')
      .innerJoinAndSelect('config.model', 'model');
    if (query.modelId) qb.andWhere('config.modelId = :modelId', { modelId: query.modelId });
    if (query.category) qb.andWhere('config.category IN (:...categories)', { categories: query.category });
    if (query.since) qb.andWhere('entity.datePublished >= :since', { since: query.since });
    return mapPage(await this.alerts.paginate(qb, query, ALERT_LIST_RULES), toFrontierAlertResponse);
  }

  async getAlert(principal: Principal, id: number): Promise<FrontierAlertResponseDto> {
    const alert = await this.alerts
      .query(principal.organizationId, 'entity')
      .innerJoinAndSelect('entity.alertConfig', 'config')
      .innerJoinAndSelect('config.model', 'model')
      .andWhere('entity.id = :id', { id })
      .getOne();
    if (!alert) throw new NotFoundException(`Frontier alert ${id} not found`);
    return toFrontierAlertResponse(alert);
  }

  /** Checks the catalog model, writes in a transaction, answers 409 for a config the organization already has. */
  private async writeConfig(
    principal: Principal,
    dto: { modelId?: number; category?: string },
    write: (manager: EntityManager) => Promise<number>,
  ): Promise<FrontierAlertConfigResponseDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (dto.modelId !== undefined && !(await manager.getRepository(FrontierModel).existsBy({ id: dto.modelId }))) {
          throw new BadRequestException(`modelId: frontier model ${dto.modelId} not found in the catalog`);
        }
        const id = await write(manager);
        return this.getConfig(principal, id, manager);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException('Your organization already follows this model in this category');
      throw error;
    }
  }
}

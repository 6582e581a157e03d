import { NotFoundException, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  Brackets,
  DataSource,
  type DeepPartial,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import { paginated, type Paginated } from '../pagination/paginated.js';
import { parseSort, type SortTerm } from '../pagination/sort.js';

export interface OrganizationOwned extends ObjectLiteral {
  id: number;
  organizationId: number;
}

export interface ListOptions {
  page?: number;
  limit?: number;
  sort?: string;
  q?: string;
  /** Entity property → value (arrays select any of several values); undefined entries are ignored. */
  filters?: Record<string, unknown>;
}

export interface ListRules {
  sortable: readonly string[];
  defaultSort: SortTerm;
  /** Entity properties searched by `q`. */
  searchable: readonly string[];
  /** Ordinal properties sorted by their position in a list of values (low < medium < high), not alphabetically. */
  ranked?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The only way services reach organization-owned rows: every method takes the caller's
 * organization id first and puts it in the WHERE clause, so a row of another organization is
 * simply not found (404) and a query cannot forget the scope.
 */
export class OrganizationScopedRepository<T extends OrganizationOwned> {
  constructor(
    private readonly repository: Repository<T>,
    /** Human name for messages, e.g. "AI system". */
    readonly label: string,
  ) {}

  /** A query builder already restricted to the organization. */
  query(organizationId: number, alias = 'entity', manager?: EntityManager): SelectQueryBuilder<T> {
    const repo = manager ? manager.getRepository<T>(this.repository.target) : this.repository;
    return repo.createQueryBuilder(alias).where(`${alias}.organizationId = :organizationId`, { organizationId });
  }

  findOneInOrg(organizationId: number, id: number, manager?: EntityManager): Promise<T | null> {
    return this.query(organizationId, 'entity', manager).andWhere('entity.id = :id', { id }).getOne();
  }

  async getInOrg(organizationId: number, id: number, manager?: EntityManager): Promise<T> {
    const row = await this.findOneInOrg(organizationId, id, manager);
    if (!row) throw new NotFoundException(`${this.label} ${id} not found`);
    return row;
  }

  async existsInOrg(organizationId: number, id: number, manager?: EntityManager): Promise<boolean> {
    return (await this.query(organizationId, 'entity', manager).andWhere('entity.id = :id', { id }).getCount()) > 0;
  }

  async createInOrg(organizationId: number, data: DeepPartial<T>, manager?: EntityManager): Promise<T> {
    const repo = manager ? manager.getRepository<T>(this.repository.target) : this.repository;
    const entity = repo.create({ ...data, organizationId } as DeepPartial<T>);
    return repo.save(entity);
  }

  async updateInOrg(organizationId: number, id: number, patch: DeepPartial<T>, manager?: EntityManager): Promise<T> {
    const repo = manager ? manager.getRepository<T>(this.repository.target) : this.repository;
    const row = await this.getInOrg(organizationId, id, manager);
    // The scope columns can never be changed through an update.
    const { id: _id, organizationId: _org, ...changes } = patch as Record<string, unknown>;
    repo.merge(row, changes as DeepPartial<T>);
    return repo.save(row);
  }

  async deleteInOrg(organizationId: number, id: number, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository<T>(this.repository.target) : this.repository;
    const result = await repo
      .createQueryBuilder()
      .delete()
      .where('id = :id AND organization_id = :organizationId', { id, organizationId })
      .execute();
    if (!result.affected) throw new NotFoundException(`${this.label} ${id} not found`);
  }

  async listInOrg(organizationId: number, options: ListOptions, rules: ListRules): Promise<Paginated<T>> {
    return this.paginate(this.query(organizationId, 'entity'), options, rules);
  }

  /** Applies filters, search, sorting and paging to a query builder made by `query()`. */
  async paginate(qb: SelectQueryBuilder<T>, options: ListOptions, rules: ListRules): Promise<Paginated<T>> {
    this.applySort(this.applyFilters(qb, options, rules), options.sort, rules);
    const page = options.page ?? 1;
    const limit = options.limit ?? 20;
    const [rows, total] = await qb
      .skip((page - 1) * limit)
      .take(limit)
      .getManyAndCount();
    return paginated(rows, page, limit, total);
  }

  /** Orders by `sort` (or the default), then by id so that pages are stable. */
  applySort<E extends ObjectLiteral>(
    qb: SelectQueryBuilder<E>,
    sort: string | undefined,
    rules: Pick<ListRules, 'sortable' | 'defaultSort' | 'ranked'>,
  ): SelectQueryBuilder<E> {
    const terms = parseSort(sort, rules.sortable, rules.defaultSort);
    for (const { field, direction } of terms) {
      const column = `${qb.alias}.${field}`;
      const ranks = rules.ranked?.[field];
      // The rank lists are the product's own constants, never request input.
      const expression = ranks ? `array_position(ARRAY[${ranks.map((v) => `'${v}'`).join(', ')}]::text[], ${column})` : column;
      qb.addOrderBy(expression, direction, direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
    }
    // TypeORM keeps one order per expression, so the tie-breaker must not override a requested id order.
    if (!terms.some((term) => term.field === 'id')) qb.addOrderBy(`${qb.alias}.id`, rules.defaultSort.direction);
    return qb;
  }

  /** Filters and search only (used for exports and counts). */
  applyFilters(qb: SelectQueryBuilder<T>, options: ListOptions, rules: Pick<ListRules, 'searchable'>): SelectQueryBuilder<T> {
    const alias = qb.alias;
    for (const [property, value] of Object.entries(options.filters ?? {})) {
      if (value === undefined) continue;
      const param = `filter_${property}`;
      if (Array.isArray(value)) qb.andWhere(`${alias}.${property} IN (:...${param})`, { [param]: value });
      else qb.andWhere(`${alias}.${property} = :${param}`, { [param]: value });
    }
    const q = options.q?.trim();
    if (q && rules.searchable.length) {
      const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((or) => {
          for (const property of rules.searchable) or.orWhere(`${alias}.${property} ILIKE :search`, { search: pattern });
        }),
      );
    }
    return qb;
  }
}

export function scopedRepositoryToken(entity: EntityTarget<ObjectLiteral>): string {
  return `OrganizationScopedRepository<${typeof entity === 'function' ? entity.name : String(entity)}>`;
}

/** Registers `OrganizationScopedRepository<Entity>` for injection with `@Inject(scopedRepositoryToken(Entity))`. */
export function provideScopedRepository<T extends OrganizationOwned>(entity: EntityTarget<T>, label: string): Provider {
  return {
    provide: scopedRepositoryToken(entity as EntityTarget<ObjectLiteral>),
    inject: [getDataSourceToken()],
    useFactory: (dataSource: DataSource) => new OrganizationScopedRepository<T>(dataSource.getRepository(entity), label),
  };
}

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
import { applySort, fetchPage, likePattern, type SortRules } from '../pagination/list-query.js';
import { parseSort } from '../pagination/sort.js';
import type { Paginated } from '../pagination/paginated.js';

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

export interface ListRules extends SortRules {
  /** Entity properties searched by `q`. */
  searchable: readonly string[];
  /**
   * Properties held by a covering list index that starts with organization_id (the id included). Pages filtered
   * and sorted on these alone are read as deferred joins: the page's ids come from the index, without visiting
   * the table (see deferredPage).
   */
  listIndex?: readonly string[];
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

  /**
   * Loads the row (locked) and removes it as an entity rather than with a bare DELETE, so that entity
   * subscribers (the audit trail) see what was deleted. Of two concurrent deletes, the second gets 404.
   */
  async deleteInOrg(organizationId: number, id: number, manager?: EntityManager): Promise<void> {
    await (manager ?? this.repository.manager).transaction(async (transaction) => {
      const row = await this.query(organizationId, 'entity', transaction)
        .andWhere('entity.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!row) throw new NotFoundException(`${this.label} ${id} not found`);
      await transaction.getRepository<T>(this.repository.target).remove(row);
    });
  }

  async listInOrg(organizationId: number, options: ListOptions, rules: ListRules): Promise<Paginated<T>> {
    return this.paginate(this.query(organizationId, 'entity'), options, rules);
  }

  /** Applies filters, search, sorting and paging to a query builder made by `query()`. */
  paginate(qb: SelectQueryBuilder<T>, options: ListOptions, rules: ListRules): Promise<Paginated<T>> {
    return fetchPage(applySort(this.applyFilters(qb, options, rules), options.sort, rules), {
      ...options,
      deferred: this.pageFromListIndex(options, rules),
    });
  }

  /**
   * True when the page's ids can be read from the list index alone and that saves work: past the first page, or
   * when filtered or sorted (an unfiltered first page in the default order reads exactly its rows already).
   */
  private pageFromListIndex(options: ListOptions, rules: ListRules): boolean {
    if (!rules.listIndex || options.q?.trim()) return false;
    const filters = Object.entries(options.filters ?? {}).filter(([, value]) => value !== undefined);
    if ((options.page ?? 1) <= 1 && !filters.length && options.sort === undefined) return false;
    const columns = [
      ...filters.map(([property]) => property),
      ...parseSort(options.sort, rules.sortable, rules.defaultSort).map((t) => t.field),
    ];
    return columns.every((property) => rules.listIndex!.includes(property));
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
      const pattern = likePattern(q);
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

import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../common/errors/database-errors.js';
import { hashPassword } from '../../common/auth/password.js';
import type { Principal } from '../../common/auth/principal.js';
import { mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { RoleName } from '../../common/permissions/permissions.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import type { Role } from '../roles/entities/role.entity.js';
import { RolesService } from '../roles/roles.service.js';
import type { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto.js';
import { toUserResponse, type UserResponseDto } from './dto/user.response.dto.js';
import { User } from './entities/user.entity.js';

const USER_LIST_RULES = {
  sortable: ['id', 'username', 'email', 'firstName', 'lastName', 'active', 'createdAt', 'lastLoginAt'],
  defaultSort: { field: 'createdAt', direction: 'DESC' as const },
  searchable: ['username', 'email', 'firstName', 'lastName'],
};

@Injectable()
export class UsersService {
  constructor(
    @Inject(scopedRepositoryToken(User)) private readonly users: OrganizationScopedRepository<User>,
    private readonly roles: RolesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(principal: Principal, query: UserQueryDto): Promise<Paginated<UserResponseDto>> {
    const qb = this.users.query(principal.organizationId, 'entity').leftJoinAndSelect('entity.role', 'role');
    if (query.role !== undefined) qb.andWhere('role.name = :roleName', { roleName: query.role });
    const page = await this.users.paginate(qb, { ...query, filters: { roleId: query.roleId, active: query.active } }, USER_LIST_RULES);
    return mapPage(page, (u) => toUserResponse(u, u.role!));
  }

  async get(principal: Principal, id: number): Promise<UserResponseDto> {
    const user = await this.loadWithRole(principal.organizationId, id);
    return toUserResponse(user, user.role!);
  }

  async create(principal: Principal, dto: CreateUserDto): Promise<UserResponseDto> {
    const role = (await this.roles.resolve(dto)) ?? (await this.roles.getByName(RoleName.Viewer));
    this.roles.assertGrantable(principal, role);
    const { role: _name, roleId: _id, password, ...fields } = dto;
    return this.dataSource.transaction(async (manager) => {
      await assertUserUnique(manager, fields.username, fields.email);
      const user = await this.users
        .createInOrg(principal.organizationId, { ...fields, roleId: role.id, password: await hashPassword(password) }, manager)
        .catch(rethrowDuplicate);
      return toUserResponse(await this.loadWithRole(principal.organizationId, user.id, manager), role);
    });
  }

  async update(principal: Principal, id: number, dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const target = await this.loadWithRole(principal.organizationId, id, manager);
      this.assertCanManage(principal, target.role!);
      const newRole = await this.roles.resolve(dto);
      const isSelf = principal.userId === target.id;
      if (newRole && newRole.id !== target.roleId) {
        if (isSelf) throw new ForbiddenException('You cannot change your own role');
        this.roles.assertGrantable(principal, newRole);
      }
      if (isSelf && dto.active === false) throw new ForbiddenException('You cannot deactivate your own account');
      await assertUserUnique(manager, dto.username, dto.email, target.id);

      const { role: _name, roleId: _id, password, ...fields } = dto;
      const patch: Partial<User> = { ...fields };
      if (newRole) patch.roleId = newRole.id;
      if (password !== undefined) patch.password = await hashPassword(password);
      await this.users.updateInOrg(principal.organizationId, id, patch, manager).catch(rethrowDuplicate);
      const updated = await this.loadWithRole(principal.organizationId, id, manager);
      return toUserResponse(updated, updated.role!);
    });
  }

  async remove(principal: Principal, id: number): Promise<void> {
    const target = await this.loadWithRole(principal.organizationId, id);
    if (principal.userId === target.id) throw new ForbiddenException('You cannot delete your own account');
    this.assertCanManage(principal, target.role!);
    await this.users.deleteInOrg(principal.organizationId, id);
  }

  /** One cannot manage a user whose role holds permissions one lacks (e.g. an admin and a platform admin). */
  private assertCanManage(principal: Principal, targetRole: Role): void {
    const held = new Set(principal.permissions);
    if (!targetRole.permissions.every((p) => held.has(p))) {
      throw new ForbiddenException(`You cannot manage a user with the role '${targetRole.name}'`);
    }
  }

  private async loadWithRole(organizationId: number, id: number, manager?: EntityManager): Promise<User> {
    const user = await this.users
      .query(organizationId, 'entity', manager)
      .leftJoinAndSelect('entity.role', 'role')
      .andWhere('entity.id = :id', { id })
      .getOne();
    if (!user) return this.users.getInOrg(organizationId, id, manager);
    return user;
  }
}

/** Usernames and emails are unique across the platform, compared without regard to case. */
export async function assertUserUnique(manager: EntityManager, username?: string, email?: string, exceptId = 0): Promise<void> {
  if (username !== undefined) {
    const taken = await manager.query('SELECT 1 FROM users WHERE lower(username) = lower($1) AND id <> $2', [username, exceptId]);
    if (taken.length) throw new ConflictException('username is already taken');
  }
  if (email !== undefined) {
    const taken = await manager.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2', [email, exceptId]);
    if (taken.length) throw new ConflictException('email is already registered');
  }
}

/** A unique violation that slipped past the pre-check (a concurrent insert) is still a clear 409. */
export function rethrowDuplicate(error: unknown): never {
  if (isUniqueViolation(error)) {
    const detail = (error.driverError as { detail?: string }).detail ?? '';
    if (detail.includes('(email)')) throw new ConflictException('email is already registered');
    if (detail.includes('(username)')) throw new ConflictException('username is already taken');
    throw new ConflictException('A record with the same unique value already exists');
  }
  throw error;
}

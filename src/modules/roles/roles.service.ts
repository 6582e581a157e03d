import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { isSubsetOf } from '../../common/permissions/permissions.js';
import { toRoleResponse, type RoleResponseDto } from './dto/role.response.dto.js';
import { Role } from './entities/role.entity.js';

/** Roles are global and built in (seeded by migrations); nobody edits them through the API. */
@Injectable()
export class RolesService {
  constructor(@InjectRepository(Role) private readonly roles: Repository<Role>) {}

  async list(): Promise<RoleResponseDto[]> {
    const roles = await this.roles.find({ order: { id: 'ASC' } });
    return roles.map(toRoleResponse);
  }

  getById(id: number): Promise<Role | null> {
    return this.roles.findOneBy({ id });
  }

  async getByName(name: string): Promise<Role> {
    const role = await this.roles.findOneBy({ name });
    if (!role) throw new Error(`Built-in role ${name} is missing: run the migrations`);
    return role;
  }

  /** Resolves `roleId` or `role` (name) from a request body into a role, 400 when unknown. */
  async resolve(selector: { roleId?: number; role?: string }): Promise<Role | undefined> {
    if (selector.roleId !== undefined && selector.role !== undefined) {
      const byId = await this.roles.findOneBy({ id: selector.roleId });
      if (!byId || byId.name !== selector.role) throw new BadRequestException('roleId and role name a different role; send one of them');
      return byId;
    }
    if (selector.roleId !== undefined) {
      const role = await this.roles.findOneBy({ id: selector.roleId });
      if (!role) throw new BadRequestException(`roleId: role ${selector.roleId} does not exist`);
      return role;
    }
    if (selector.role !== undefined) {
      const role = await this.roles.findOneBy({ name: selector.role });
      if (!role) throw new BadRequestException(`role: unknown role '${selector.role}'`);
      return role;
    }
    return undefined;
  }

  /** No privilege escalation: one can only hand out roles whose permissions one holds oneself. */
  assertGrantable(principal: Principal, role: Role): void {
    if (!isSubsetOf(role.permissions, principal.permissions)) {
      throw new ForbiddenException(`You cannot grant the role '${role.name}': it has permissions you do not hold`);
    }
  }
}

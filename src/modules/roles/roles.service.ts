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
  async resolve({ roleId, role }: { roleId?: number | null; role?: string | null }): Promise<Role | undefined> {
    // TypeORM drops null conditions from findOneBy, which would then match an arbitrary role.
    if (roleId === null) throw new BadRequestException('roleId must not be null');
    if (role === null) throw new BadRequestException('role must not be null');
    if (roleId !== undefined && role !== undefined) {
      const byId = await this.roles.findOneBy({ id: roleId });
      if (!byId || byId.name !== role) throw new BadRequestException('roleId and role name a different role; send one of them');
      return byId;
    }
    if (roleId !== undefined) {
      const found = await this.roles.findOneBy({ id: roleId });
      if (!found) throw new BadRequestException(`roleId: role ${roleId} does not exist`);
      return found;
    }
    if (role !== undefined) {
      const found = await this.roles.findOneBy({ name: role });
      if (!found) throw new BadRequestException(`role: unknown role '${role}'`);
      return found;
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

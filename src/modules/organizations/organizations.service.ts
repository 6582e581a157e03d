import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { toOrganizationResponse, type OrganizationResponseDto, type UpdateOrganizationDto } from './dto/organization.dto.js';
import { Organization } from './entities/organization.entity.js';

/** The caller's own organization; the id always comes from the principal, never from the request. */
@Injectable()
export class OrganizationsService {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  async getCurrent(principal: Principal): Promise<OrganizationResponseDto> {
    return toOrganizationResponse(await this.load(principal.organizationId));
  }

  async updateCurrent(principal: Principal, dto: UpdateOrganizationDto): Promise<OrganizationResponseDto> {
    const organization = await this.load(principal.organizationId);
    organization.name = dto.name;
    return toOrganizationResponse(await this.organizations.save(organization));
  }

  private async load(id: number): Promise<Organization> {
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) throw new NotFoundException('Organization not found');
    return organization;
  }
}

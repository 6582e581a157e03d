import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPaginatedResponse, paginated, type Paginated } from '../../common/pagination/paginated.js';
import { SignedIn } from '../../common/auth/access.decorators.js';
import { RoleResponseDto } from './dto/role.response.dto.js';
import { RolesService } from './roles.service.js';

@ApiTags('Roles')
@Controller('api/v1/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'List the built-in roles and their permissions' })
  @ApiPaginatedResponse(RoleResponseDto, 'All built-in roles, in one page')
  async list(): Promise<Paginated<RoleResponseDto>> {
    const roles = await this.roles.list();
    return paginated(roles, 1, Math.max(roles.length, 1), roles.length);
  }
}

import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { RolesModule } from '../roles/roles.module.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKey } from './entities/api-key.entity.js';

@Module({
  imports: [RolesModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, provideScopedRepository(ApiKey, 'API key')],
})
export class ApiKeysModule {}

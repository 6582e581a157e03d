import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { AiSystemsController } from './ai-systems.controller.js';
import { AiSystemsService } from './ai-systems.service.js';
import { AiSystem } from './entities/ai-system.entity.js';

@Module({
  controllers: [AiSystemsController],
  providers: [AiSystemsService, provideScopedRepository(AiSystem, 'AI system')],
})
export class AiSystemsModule {}

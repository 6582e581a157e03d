import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { RiskItem } from './entities/risk-item.entity.js';
import { RiskMitigation } from './entities/risk-mitigation.entity.js';
import { MitigationsController } from './mitigations.controller.js';
import { MitigationsService } from './mitigations.service.js';
import { RiskItemsController } from './risk-items.controller.js';
import { RiskItemsService } from './risk-items.service.js';

@Module({
  controllers: [RiskItemsController, MitigationsController],
  providers: [
    RiskItemsService,
    MitigationsService,
    provideScopedRepository(RiskItem, 'Risk item'),
    provideScopedRepository(RiskMitigation, 'Mitigation'),
  ],
})
export class RiskItemsModule {}

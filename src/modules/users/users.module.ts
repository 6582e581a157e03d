import { Module } from '@nestjs/common';
import { provideScopedRepository } from '../../common/tenancy/organization-scoped.repository.js';
import { RolesModule } from '../roles/roles.module.js';
import { User } from './entities/user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [RolesModule],
  controllers: [UsersController],
  providers: [UsersService, provideScopedRepository(User, 'User')],
  exports: [UsersService],
})
export class UsersModule {}

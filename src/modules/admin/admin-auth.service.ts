import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CurrentAdmin } from 'adminjs';
import { DataSource } from 'typeorm';
import { decoyPasswordHash, verifyPassword } from '../../common/auth/password.js';
import { RoleName } from '../../common/permissions/permissions.js';
import { User } from '../users/entities/user.entity.js';

/** Signs platform admins into the AdminJS console with their platform password. */
@Injectable()
export class AdminAuthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The admin when the email and password match an active platform admin; null otherwise (same answer for every refusal). */
  async authenticate(email: string, password: string): Promise<CurrentAdmin | null> {
    if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) return null;
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.password')
      .innerJoinAndSelect('user.role', 'role')
      .where('user.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    // Verify against a decoy when no user matched, so timing does not reveal which emails exist.
    const valid = await verifyPassword(user?.password ?? (await decoyPasswordHash()), password);
    if (!user || !valid || !user.active || user.role?.name !== RoleName.PlatformAdmin) return null;
    return { id: String(user.id), email: user.email, title: user.username };
  }
}

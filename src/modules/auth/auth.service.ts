import { BadRequestException, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../common/auth/password.js';
import type { Principal } from '../../common/auth/principal.js';
import { RoleName } from '../../common/permissions/permissions.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { recordSignIn } from '../audit-logs/audit-writer.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { Role } from '../roles/entities/role.entity.js';
import { toUserResponse } from '../users/dto/user.response.dto.js';
import { User } from '../users/entities/user.entity.js';
import { assertUserUnique, rethrowDuplicate } from '../users/users.service.js';
import { AuthThrottleService } from './auth-throttle.service.js';
import type {
  AuthTokenResponseDto,
  ChangePasswordDto,
  CurrentUserResponseDto,
  LoginDto,
  RegisterDto,
  UpdateProfileDto,
} from './dto/auth.dto.js';
import { PrincipalResolver } from './principal.resolver.js';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly principals: PrincipalResolver,
    private readonly throttle: AuthThrottleService,
  ) {}

  /** Creates an organization and its first user (role admin) in one transaction. */
  async register(dto: RegisterDto, ip: string): Promise<AuthTokenResponseDto> {
    if (!this.config.auth.allowSignup) throw new ForbiddenException('Self-service registration is disabled on this platform');
    await this.throttle.consumeRegistration(ip);
    const passwordHash = await hashPassword(dto.password);
    const userId = await this.dataSource
      .transaction(async (manager) => {
        await assertUserUnique(manager, dto.username, dto.email);
        const role = await manager.findOneByOrFail(Role, { name: RoleName.Admin });
        const organization = await manager.save(manager.create(Organization, { name: dto.organizationName }));
        const user = await manager.save(
          manager.create(User, {
            username: dto.username,
            email: dto.email,
            password: passwordHash,
            firstName: dto.firstName ?? null,
            lastName: dto.lastName ?? null,
            organizationId: organization.id,
            roleId: role.id,
            lastLoginAt: new Date(),
          }),
        );
        return user.id;
      })
      .catch(rethrowDuplicate);
    return this.issueToken(userId);
  }

  async login(dto: LoginDto, ip: string): Promise<AuthTokenResponseDto> {
    await this.throttle.assertLoginAllowed(ip, dto.email);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.password')
      .where('user.email = :email', { email: dto.email })
      .getOne();
    // Verify against a decoy hash when the email is unknown so timing does not reveal accounts.
    const valid = await verifyPassword(user?.password ?? (await decoyPasswordHash()), dto.password);
    if (!user || !valid || !user.active) {
      await this.throttle.recordLoginFailure(ip, dto.email);
      // Not awaited: the answer must take as long for an unknown email (not recorded) as for a known one.
      if (user) void recordSignIn(this.dataSource.manager, user, 'login_failed').catch(() => undefined);
      throw new UnauthorizedException(user && valid && !user.active ? 'This account is deactivated' : 'Invalid email or password');
    }
    await this.throttle.recordLoginSuccess(ip, dto.email);
    await this.dataSource.getRepository(User).update({ id: user.id }, { lastLoginAt: new Date() });
    await recordSignIn(this.dataSource.manager, user, 'login');
    return this.issueToken(user.id);
  }

  async me(principal: Principal): Promise<CurrentUserResponseDto> {
    if (principal.userId === null) {
      throw new UnauthorizedException('This API key has no user any more; create a new key');
    }
    return this.describe(principal.userId, principal);
  }

  async updateProfile(principal: Principal, dto: UpdateProfileDto): Promise<CurrentUserResponseDto> {
    const userId = this.requireUser(principal);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length) {
      // Loaded and saved (not a bare UPDATE) so that the audit trail records the changed fields.
      const users = this.dataSource.getRepository(User);
      const user = await users.findOneByOrFail({ id: userId, organizationId: principal.organizationId });
      await users.save(users.merge(user, changes));
    }
    return this.describe(userId, principal);
  }

  /** Self-service password change: the current password is required, and wrong attempts count as failed logins. */
  async changePassword(principal: Principal, dto: ChangePasswordDto, ip: string): Promise<void> {
    const userId = this.requireUser(principal);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.password')
      .where('user.id = :id', { id: userId })
      .getOneOrFail();
    await this.throttle.assertLoginAllowed(ip, user.email);
    if (!(await verifyPassword(user.password, dto.currentPassword))) {
      await this.throttle.recordLoginFailure(ip, user.email);
      throw new BadRequestException('currentPassword is wrong');
    }
    // Saved as an entity (not a bare UPDATE) so that the audit trail records the change (the hash itself redacted).
    user.password = await hashPassword(dto.newPassword);
    await this.dataSource.getRepository(User).save(user);
  }

  /** Profile routes act on a person; an API key acts for an integration. */
  private requireUser(principal: Principal): number {
    if (principal.kind !== 'user' || principal.userId === null) {
      throw new ForbiddenException('Only a signed-in user can change their own profile or password, not an API key');
    }
    return principal.userId;
  }

  private async issueToken(userId: number): Promise<AuthTokenResponseDto> {
    const user = await this.describe(userId);
    const { accessToken, expiresIn } = this.principals.signAccessToken(user.id, user.organizationId);
    return { accessToken, tokenType: 'Bearer', expiresIn, user };
  }

  private async describe(userId: number, principal?: Principal): Promise<CurrentUserResponseDto> {
    const user = await this.dataSource.getRepository(User).findOneOrFail({
      where: { id: userId },
      relations: { role: true, organization: true },
    });
    const organization = user.organization!;
    return {
      ...toUserResponse(user, user.role!),
      organization: { id: organization.id, name: organization.name, createdAt: organization.createdAt },
      permissions: [...(principal?.permissions ?? user.role!.permissions)].sort(),
      authenticatedBy: principal?.kind ?? 'user',
    };
  }
}

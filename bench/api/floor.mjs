/**
 * The stack's floor: the smallest app on the product's stack (Nest on Express, TypeORM on pg, @nestjs/jwt) that
 * answers the risk-item detail the way the API does — a global guard verifies the bearer token and reads the
 * principal (same SQL), the controller reads the row through a TypeORM query builder scoped to the organization
 * and returns it as JSON — and nothing else: no request log, metrics, security headers, CORS, validation pipe,
 * exception filter, Swagger, AdminJS or queues. `npm run bench:api -- --api floor --only risk-item-detail`
 * loads it like the API, so the figures say how much of the API's cost is the stack itself on this machine.
 * Sign-in (POST /api/v1/auth/login) signs a token for the e-mail's user without checking the password.
 */
import 'reflect-metadata';
import {
  Body,
  Controller,
  Get,
  Inject,
  Module,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { TypeOrmModule, getDataSourceToken, getRepositoryToken } from '@nestjs/typeorm';

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { loadConfig } = await import(dist('src/config/app-config.js'));
const { buildDataSourceOptions } = await import(dist('src/database/data-source-options.js'));
const { RiskItem } = await import(dist('src/modules/risk-items/entities/risk-item.entity.js'));

const config = loadConfig(process.env);
const decorate = (decorators, target, key) => Reflect.decorate(decorators, target, key, Object.getOwnPropertyDescriptor(target, key));

class FloorController {
  constructor(dataSource, risks, jwt) {
    this.dataSource = dataSource;
    this.risks = risks;
    this.jwt = jwt;
  }

  health() {
    return { status: 'ok' };
  }

  async login(body) {
    const [user] = await this.dataSource.query('SELECT id, organization_id FROM users WHERE email = $1', [body?.email]);
    if (!user) throw new UnauthorizedException();
    return { accessToken: this.jwt.sign({ sub: user.id, org: user.organization_id, typ: 'access' }, { expiresIn: 3600 }) };
  }

  async riskItem(request, id) {
    // FLOOR_ORM=none: the row through dataSource.query (plain SQL, no query builder or entity hydration).
    if (process.env.FLOOR_ORM === 'none') {
      const [found] = await this.dataSource.query('SELECT * FROM risk_items WHERE organization_id = $1 AND id = $2', [
        request.principal.organizationId,
        id,
      ]);
      if (!found) throw new NotFoundException();
      return found;
    }
    const row = await this.risks
      .createQueryBuilder('entity')
      .where('entity.organizationId = :organizationId', { organizationId: request.principal.organizationId })
      .andWhere('entity.id = :id', { id })
      .getOne();
    if (!row) throw new NotFoundException();
    return row;
  }
}
Reflect.decorate([Controller()], FloorController);
[getDataSourceToken(), getRepositoryToken(RiskItem), JwtService].forEach((token, index) =>
  Inject(token)(FloorController, undefined, index),
);
decorate([Get('health')], FloorController.prototype, 'health');
decorate([Post('api/v1/auth/login')], FloorController.prototype, 'login');
Body()(FloorController.prototype, 'login', 0);
decorate([Get('api/v1/risk-items/:id')], FloorController.prototype, 'riskItem');
Req()(FloorController.prototype, 'riskItem', 0);
Param('id', ParseIntPipe)(FloorController.prototype, 'riskItem', 1);

/** The API's authentication guard, reduced to the bearer-token path. */
function authenticationGuard(jwt, dataSource) {
  return {
    async canActivate(context) {
      const request = context.switchToHttp().getRequest();
      if (request.url === '/health' || request.url === '/api/v1/auth/login') return true;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (!match) throw new UnauthorizedException();
      const payload = await jwt.verifyAsync(match[1], { algorithms: ['HS256'] });
      const [user] = await dataSource.query(
        `SELECT u.id, u.organization_id, u.active, r.id AS role_id, r.name AS role_name, array_to_json(r.permissions) AS permissions
           FROM users u JOIN roles r ON r.id = u.role_id
          WHERE u.id = $1`,
        [payload.sub],
      );
      if (!user || !user.active || user.organization_id !== payload.org) throw new UnauthorizedException();
      request.principal = { organizationId: user.organization_id, permissions: user.permissions };
      return true;
    },
  };
}

class FloorModule {}
Reflect.decorate(
  [
    Module({
      imports: [
        TypeOrmModule.forRoot(buildDataSourceOptions(config)),
        TypeOrmModule.forFeature([RiskItem]),
        JwtModule.register({ secret: config.auth.jwtSecret }),
      ],
      controllers: [FloorController],
      providers: [{ provide: APP_GUARD, useFactory: authenticationGuard, inject: [JwtService, getDataSourceToken()] }],
    }),
  ],
  FloorModule,
);

// FLOOR_ADAPTER=fastify: the same app on @nestjs/platform-fastify (not a dependency of the product: install it with
// `npm install --no-save @nestjs/platform-fastify@<the @nestjs/core version>` to measure it).
const adapter = process.env.FLOOR_ADAPTER === 'fastify' ? new (await import('@nestjs/platform-fastify')).FastifyAdapter() : undefined;
const app = adapter
  ? await NestFactory.create(FloorModule, adapter, { logger: ['error'] })
  : await NestFactory.create(FloorModule, { logger: ['error'] });
app.enableShutdownHooks();
await app.listen(config.port, '0.0.0.0');

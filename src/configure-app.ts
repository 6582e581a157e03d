import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { API_KEY_SCHEME, BEARER_SCHEME } from './common/auth/access.decorators.js';
import type { HttpLogger } from 'pino-http';
import { APP_CONFIG, type AppConfig } from './config/config.module.js';
import { REQUEST_LOGGER } from './infra/logging.module.js';
import { mountQueueDashboard } from './modules/admin/queue-dashboard.js';
import { MetricsService } from './modules/metrics/metrics.service.js';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('AuraAI Governance Platform API')
    .setDescription(
      [
        'Inventory of AI systems, risk register, compliance issues, AI-usage detection in GitHub, bias analysis and frontier-model alerts.',
        '',
        'Authenticate with `Authorization: Bearer <accessToken>` (from /api/v1/auth/login or /register) or `X-API-Key: <key>`.',
        'Lists answer `{ data, meta: { page, limit, total, totalPages } }` and take `page`, `limit` (≤ 100), `sort=field:asc|desc`, `q` and field filters.',
        'Errors answer `{ statusCode, error, message }` (message is always a string; 400s add `details` per field).',
        'Every operation declares `x-required-permissions` (empty: any signed-in caller) or `x-public`.',
      ].join('\n'),
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, API_KEY_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Everything main.ts does to the app besides listening; the e2e tests call it too. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // First, so that every request gets its id and log line, and is timed (AdminJS inserts its router right after CORS).
  app.use(app.get<HttpLogger>(REQUEST_LOGGER));
  app.use(app.get(MetricsService).httpMiddleware());
  app.use(
    helmet({
      // Swagger UI (and later AdminJS) run inline scripts; API responses are JSON only.
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'] });
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: true });
  mountQueueDashboard(app);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'AuraAI API',
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}

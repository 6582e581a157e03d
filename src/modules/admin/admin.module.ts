import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthenticationOptions } from '@adminjs/express';
import { ExpressLoader } from '@adminjs/nestjs';
import { Database, Resource } from '@adminjs/typeorm';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import AdminJS, { ComponentLoader } from 'adminjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { AdminAuthService } from './admin-auth.service.js';
import { AdminDashboardService } from './admin-dashboard.service.js';
import { buildJobActions } from './admin-job-actions.js';
import { ADMIN_TRANSLATIONS, buildAdminResources } from './admin-resources.js';
import { AdminSessionStore } from './admin-session-store.js';

AdminJS.registerAdapter({ Database, Resource });

export const ADMIN_ROOT_PATH = '/admin';
export const ADMIN_COOKIE_NAME = 'aura_admin';
const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
/** Login attempts per client IP and minute, successful or not (AdminJS then re-renders the form with an error). */
const LOGIN_ATTEMPTS_PER_MINUTE = { count: 20, duration: 60 };

/**
 * The AdminJS console at /admin, for platform admins only. Mounted here rather than through
 * @adminjs/nestjs's AdminModule, whose init always calls admin.watch(): outside production that
 * starts a rollup watcher that never stops (tests and scripts would never exit). The watcher only
 * runs in development; elsewhere AdminJS bundles on the first request (test) or at start (production).
 */
@Module({ providers: [AdminAuthService, AdminDashboardService, AdminSessionStore] })
export class AdminConsoleModule implements OnModuleInit {
  constructor(
    private readonly httpAdapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AdminAuthService,
    private readonly dashboard: AdminDashboardService,
    private readonly sessions: AdminSessionStore,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const httpAdapter = this.httpAdapterHost?.httpAdapter;
    if (!httpAdapter) return; // an application context without HTTP (CLI): nothing to mount
    const componentLoader = new ComponentLoader();
    const dashboardComponent = componentLoader.add('PlatformDashboard', join(import.meta.dirname, 'components', 'platform-dashboard'));
    const admin = new AdminJS({
      componentLoader,
      rootPath: ADMIN_ROOT_PATH,
      loginPath: `${ADMIN_ROOT_PATH}/login`,
      logoutPath: `${ADMIN_ROOT_PATH}/logout`,
      branding: { companyName: 'AuraAI', logo: false, withMadeWithLove: false },
      locale: { language: 'en', availableLanguages: ['en'], translations: { en: ADMIN_TRANSLATIONS } },
      resources: buildAdminResources(this.dataSource, buildJobActions(this.moduleRef)),
      dashboard: { handler: () => this.dashboard.counts(), component: dashboardComponent },
    });
    if (this.config.nodeEnv === 'development') await admin.watch();
    // Under test, AdminJS bundles on the first request but would serve a bundle left by an earlier run.
    if (this.config.nodeEnv === 'test') await rm(join(this.config.admin.bundleDir, 'bundle.js'), { force: true });
    const secret = this.config.admin.sessionSecret;
    // @adminjs/nestjs's type omits maxRetries; its loader hands these options to @adminjs/express as they are.
    const auth = {
      authenticate: (email: string, password: string) => this.auth.authenticate(email, password),
      cookieName: ADMIN_COOKIE_NAME,
      cookiePassword: secret,
      maxRetries: LOGIN_ATTEMPTS_PER_MINUTE,
    } satisfies AuthenticationOptions;
    await new ExpressLoader().register(admin, httpAdapter, {
      adminJsOptions: admin.options,
      auth,
      sessionOptions: {
        store: this.sessions.store,
        secret,
        name: ADMIN_COOKIE_NAME,
        resave: false,
        saveUninitialized: false,
        cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_AGE_MS, path: ADMIN_ROOT_PATH },
      },
    });
  }
}

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPlatformAdmin, registerOrganization, unique, type Session } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Debian's Chromium, with the flags this machine needs (no first-run work, no background networking). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

describe('AdminJS in a real browser (headless Chromium)', () => {
  let t: TestApp;
  let db: pg.Client;
  let baseUrl: string;
  let platformAdmin: Session;
  let organization: Session;
  let profileDir: string;
  let context: BrowserContext;
  let browser: Browser | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    platformAdmin = await createPlatformAdmin(t);
    organization = await registerOrganization(t.http, { organizationName: unique('Browser Org ') });
    mkdirSync(ARTIFACTS, { recursive: true });
    profileDir = mkdtempSync(join(tmpdir(), 'aura-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1366, height: 900 },
    });
    browser = context.browser() ?? undefined;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await db?.end();
    await t?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/admin`);
    await page.waitForURL(/\/admin\/login$/);
    await page.fill('input[name="email"]', platformAdmin.email);
    await page.fill('input[name="password"]', platformAdmin.password);
    await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: /login/i }).click()]);
  }

  /** Picks an option in one of AdminJS's select fields (react-select), typing to filter it. */
  async function choose(page: Page, property: string, text: string): Promise<void> {
    const field = page.getByTestId(`property-edit-${property}`);
    await field.locator('input').first().fill(text);
    await page.locator('[class*="-option"]', { hasText: text }).first().click();
  }

  it('signs in, opens the risk items list, creates a risk item and sees it in the list', async () => {
    const page = await context.newPage();
    await signIn(page);
    // The dashboard is a custom component, bundled by AdminJS.
    await page.getByTestId('platform-dashboard').waitFor();
    for (const group of ['Organizations & access', 'AI risk', 'AI usage detection', 'Bias analysis', 'Frontier models']) {
      await page.getByText(group, { exact: true }).waitFor();
    }
    const organizations = await page.getByTestId('count-organizations').innerText();
    const { rows } = await db.query('SELECT count(*)::int AS n FROM organizations');
    expect(organizations).toContain(String(rows[0].n));
    await page.screenshot({ path: join(ARTIFACTS, 'admin-dashboard.png'), fullPage: true });

    await page.goto(`${baseUrl}/admin/resources/RiskItem`);
    await page
      .getByRole('link', { name: /create new/i })
      .first()
      .click();
    await page.waitForURL(/\/admin\/resources\/RiskItem\/actions\/new$/);

    const title = unique('Browser risk ');
    await page.getByTestId('property-edit-title').locator('input').fill(title);
    await choose(page, 'organizationId', await organizationName(organization.organizationId));
    await choose(page, 'severity', 'critical');
    await choose(page, 'impact', 'high');
    await choose(page, 'likelihood', 'medium');
    await choose(page, 'category', 'privacy');
    await page.getByTestId('button-save').click();
    await page.waitForURL(/\/admin\/resources\/RiskItem\/records\/\d+\/show|\/admin\/resources\/RiskItem(\?|$)/);

    await page.goto(`${baseUrl}/admin/resources/RiskItem`);
    await page.getByText(title).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'admin-risk-items.png'), fullPage: true });

    const { rows: created } = await db.query(
      'SELECT organization_id, severity, impact, likelihood, category, status FROM risk_items WHERE title = $1',
      [title],
    );
    expect(created).toEqual([
      {
        organization_id: organization.organizationId,
        severity: 'critical',
        impact: 'high',
        likelihood: 'medium',
        category: 'privacy',
        status: 'open',
      },
    ]);
    await page.close();
  });

  it('opens the queue dashboard behind the same sign-in', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/queues`);
    await page.getByText('github-scan').first().waitFor();
    await page.getByText('frontier-fetch').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'admin-queues.png'), fullPage: true });
    await page.close();
  });

  async function organizationName(id: number): Promise<string> {
    const { rows } = await db.query('SELECT name FROM organizations WHERE id = $1', [id]);
    return rows[0].name;
  }
});

import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_RETRY_POLICY, type GithubRetryPolicy } from '../../src/modules/github-scans/github.client.js';
import { GITHUB_RETRY_POLICY } from '../../src/modules/github-scans/github-scans.constants.js';
import { FakeGithubServer, loadFixtureOrganization, type FakeGithubOptions } from './fake-github-server.js';
import { createTestWorker, type TestApp } from './test-app.js';

/** GitHub's waits, shortened so that fault tests stay fast (the fake's Retry-After of 1 s is kept). */
export const FAST_RETRY_POLICY: GithubRetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  retryBaseMs: 10,
  secondaryLimitFallbackSeconds: 1,
  requestTimeoutMs: 5_000,
};

/** A test worker whose GitHub client waits milliseconds instead of seconds between retries. */
export function createGithubTestWorker(t: TestApp, policy: GithubRetryPolicy = FAST_RETRY_POLICY): Promise<INestApplicationContext> {
  return createTestWorker(t, { providers: [[GITHUB_RETRY_POLICY, policy]] });
}

const FIXTURES = new URL('../fixtures/github/', import.meta.url);

/** The fake GitHub serving the fixture organizations (acme-ai, flaky-org) with small listing pages. */
export async function startFixtureGithub(options: Partial<FakeGithubOptions> = {}): Promise<FakeGithubServer> {
  const server = new FakeGithubServer({
    organizations: {
      'acme-ai': loadFixtureOrganization(new URL('acme-ai', FIXTURES).pathname, 1001),
      'flaky-org': loadFixtureOrganization(new URL('flaky-org', FIXTURES).pathname, 1002),
    },
    tokens: { ghp_env_default: ['acme-ai', 'flaky-org'], ghp_acme_only: ['acme-ai'], ghp_revocable: ['acme-ai'] },
    pageSize: 5,
    ...options,
  });
  await server.start();
  return server;
}

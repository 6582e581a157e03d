import type { SecurityWorld } from './world.js';

/**
 * The closing check of every security spec: no response the file received shows a secret (except
 * the one response that issues it), no log line the app wrote shows a secret or a credential.
 */
export function expectNoSecretsLeaked(world: SecurityWorld): void {
  // The capture works: it holds the request lines pino-http wrote for the requests of the file.
  expect(world.client.exchanges.length).toBeGreaterThan(0);
  expect(world.logs.lines.filter((line) => line.includes('"req":')).length).toBeGreaterThan(world.client.exchanges.length / 2);
  expect(world.secrets.kinds()).toEqual(expect.arrayContaining(['ADMIN_SESSION_SECRET', 'ENCRYPTION_KEY', 'JWT secret']));
  expect(world.secrets.leaksInResponses(world.client.exchanges)).toEqual([]);
  expect(world.secrets.leaksInLogs(world.logs.lines, world.client.sentCredentials)).toEqual([]);
}

import { expectNoSecretsLeaked } from '../../support/security/leak-scan.js';
import { describeResponse, errorShapeProblem, isPublic, recipeProblems } from '../../support/security/operation-requests.js';
import { invalidCredentials } from '../../support/security/tokens.js';
import { SecurityWorld } from '../../support/security/world.js';

/** A path whose ids exist nowhere, so that a request that does get through changes nothing. */
const nowherePath = (path: string) => path.replace(/\{[^}]+\}/g, '2147483000');

/** Every operation of the OpenAPI document refuses every kind of bad credential with 401. */
describe('Security: authentication on every documented operation', () => {
  let world: SecurityWorld;

  beforeAll(async () => {
    world = await SecurityWorld.start();
  });
  afterAll(() => world?.close());

  it('has a test data recipe for every operation, and none for an operation the document lacks', () => {
    expect(world.operations.length).toBeGreaterThan(50);
    expect(recipeProblems(world)).toEqual([]);
  });

  it('answers 401 in the error shape to every non-public operation called without valid credentials', async () => {
    const variants = invalidCredentials(world.a.admin, world.config.auth.jwtSecret);
    const guarded = world.operations.filter((op) => !isPublic(op));
    const failures: string[] = [];
    for (const op of guarded) {
      for (const variant of variants) {
        // Credentials are checked before the path and body are, so any path and body will do.
        const res = await world.client.send(op.method, nowherePath(op.path), {
          headers: variant.headers,
          raw: op.operation.requestBody ? '{}' : undefined,
        });
        if (res.status !== 401) failures.push(`${op.label} with ${variant.name}: ${describeResponse(res)}`);
        else {
          const shape = errorShapeProblem(res);
          if (shape) failures.push(`${op.label} with ${variant.name}: ${shape}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(guarded.length * variants.length).toBeGreaterThan(500);
  });

  it('accepts the real credentials on those operations (a valid token or API key is never answered 401)', async () => {
    const credentials = { 'a bearer token': world.a.admin.auth, 'an API key': await world.apiKeyWithRole(world.a, 'admin') };
    const failures: string[] = [];
    for (const op of world.operations.filter((o) => !isPublic(o))) {
      for (const [name, auth] of Object.entries(credentials)) {
        const res = await world.client.send(op.method, nowherePath(op.path), { auth, raw: op.operation.requestBody ? '{}' : undefined });
        if (res.status === 401 || res.status >= 500) failures.push(`${op.label} with ${name}: ${describeResponse(res)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('leaves public operations open (never 401 without credentials)', async () => {
    const failures: string[] = [];
    for (const op of world.operations.filter((o) => isPublic(o) && !o.pathParameters.length)) {
      const res = await world.client.send(op.method, op.path, { raw: op.operation.requestBody ? '{}' : undefined });
      if (res.status === 401 || res.status >= 500) failures.push(`${op.label}: ${describeResponse(res)}`);
    }
    expect(failures).toEqual([]);
  });

  it('shows no secret in any response of this file, and writes none to the logs', () => {
    expectNoSecretsLeaked(world);
    console.info(`authentication: ${world.operations.length} operations, ${world.client.exchanges.length} requests`);
  });
});

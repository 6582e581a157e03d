import type request from 'supertest';
import type { DocumentedOperation } from '../../support/openapi-operations.js';
import { expectNoSecretsLeaked } from '../../support/security/leak-scan.js';
import {
  firstStringField,
  queryParameters,
  requestBodySchema,
  setAt,
  wrongQueryValue,
  wrongTypeCases,
} from '../../support/security/openapi-schema.js';
import {
  capableActor,
  describeResponse,
  errorShapeProblem,
  fillPath,
  isPublic,
  prepare,
  readBack,
  recipeOf,
  send,
  type PreparedRequest,
} from '../../support/security/operation-requests.js';
import { SecurityWorld } from '../../support/security/world.js';

const BAD_IDS = ['0', '-1', 'abc', '99999999999', '1e3', '1.5', encodeURIComponent('1 OR 1=1'), '%00', encodeURIComponent("1'--")];

const BAD_PAGING: Array<[parameter: string, query: string]> = [
  ['page', 'page=0'],
  ['page', 'page=abc'],
  ['page', 'page=-1'],
  ['limit', 'limit=-1'],
  ['limit', 'limit=0'],
  ['limit', 'limit=100000'],
  ['sort', 'sort=bogus:asc'],
  ['sort', 'sort=__proto__'],
  ['sort', 'sort=constructor:asc'],
  ['sort', 'sort=id:sideways'],
  ['sort', `sort=${encodeURIComponent('id; DROP TABLE users')}`],
];

const NOT_OBJECTS = ['[]', '"text"', '42', 'null', 'true'];

/**
 * Malformed input of every kind, on every operation of the OpenAPI document (bodies derived from
 * its schemas): always a 4xx in the contract's error shape, never a 5xx, and nothing changed.
 */
describe('Security: malformed input on every documented operation', () => {
  let world: SecurityWorld;
  let checks = 0;

  beforeAll(async () => {
    world = await SecurityWorld.start({ worker: true });
  });
  afterAll(() => world?.close());

  /** A request that must answer a 4xx (or exactly `status`) in the error shape. */
  function expectClientError(res: request.Response, where: string, status?: number): string[] {
    checks++;
    const ok = status ? res.status === status : res.status >= 400 && res.status < 500;
    if (!ok) return [`${where}: expected ${status ?? '4xx'}, got ${describeResponse(res)}`];
    const shape = errorShapeProblem(res);
    return shape ? [`${where}: ${shape}`] : [];
  }

  /** Valid requests as the operation's capable actor, on the organization's shared objects. */
  async function valid(op: DocumentedOperation): Promise<{ prepared: PreparedRequest; auth: Record<string, string> }> {
    const prepared = await prepare(world, op, world.a);
    return { prepared, auth: isPublic(op) ? {} : capableActor(world, op, prepared.owner).auth };
  }

  it('answers 400 to a value of the wrong type in any body field, and changes nothing', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const op of world.operations.filter((o) => o.operation.requestBody)) {
      const { prepared, auth } = await valid(op);
      const schema = requestBodySchema(op, world.document, prepared.body);
      if (!schema) throw new Error(`${op.label}: no body schema`);
      for (const wrong of wrongTypeCases(schema, world.document, prepared.body)) {
        cases++;
        const before = await readBack(world, prepared);
        const res = await send(world, prepared, auth, { body: setAt(prepared.body, wrong.path, wrong.value) });
        failures.push(...expectClientError(res, `${op.label} with ${wrong.field} = ${JSON.stringify(wrong.value)} (${wrong.kind})`, 400));
        if (JSON.stringify(await readBack(world, prepared)) !== JSON.stringify(before))
          failures.push(`${op.label} with ${wrong.field}: changed the object`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(150);
  });

  it('answers 4xx to a body that is not a JSON object where an object is expected', async () => {
    const failures: string[] = [];
    for (const op of world.operations.filter((o) => o.operation.requestBody)) {
      const { prepared, auth } = await valid(op);
      const schema = requestBodySchema(op, world.document, prepared.body);
      const notOfItsType = schema?.type === 'array' ? ['{}', '"text"', '42', 'null'] : NOT_OBJECTS;
      for (const raw of notOfItsType)
        failures.push(...expectClientError(await send(world, prepared, auth, { body: JSON.parse(raw) }), `${op.label} with body ${raw}`));
    }
    expect(failures).toEqual([]);
  });

  it('answers 413 to a 2 MB string in a body field', async () => {
    const failures: string[] = [];
    const huge = 'x'.repeat(2 * 1024 * 1024);
    for (const op of world.operations.filter((o) => o.operation.requestBody)) {
      const { prepared, auth } = await valid(op);
      const schema = requestBodySchema(op, world.document, prepared.body);
      const field = schema && firstStringField(schema, world.document);
      if (!field) continue;
      failures.push(
        ...expectClientError(
          await send(world, prepared, auth, { body: setAt(prepared.body, [field], huge) }),
          `${op.label} with a 2 MB ${field}`,
          413,
        ),
      );
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 to invalid JSON on every operation, and 4xx to JSON nested 1000 deep wherever a body is read', async () => {
    const failures: string[] = [];
    const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    for (const op of world.operations) {
      const { prepared, auth } = await valid(op);
      const field =
        (prepared.body && typeof prepared.body === 'object' && !Array.isArray(prepared.body) && Object.keys(prepared.body)[0]) || 'a';
      const bodies: Array<[string, string, number | undefined]> = [['invalid JSON', '{"name": "unterminated', 400]];
      // Operations that take no body ignore a well-formed one, however deep.
      if (op.operation.requestBody) {
        bodies.push(['JSON nested 1000 deep', `{"${field}":${nested(1000)}}`, undefined]);
        bodies.push(['an array nested 1000 deep', `${'['.repeat(1000)}${']'.repeat(1000)}`, undefined]);
      }
      for (const [what, raw, status] of bodies) {
        const res = await world.client.send(op.method, prepared.url, { auth, raw, headers: prepared.headers });
        failures.push(...expectClientError(res, `${op.label} with ${what}`, status));
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 to a bad id in any path parameter', async () => {
    const failures: string[] = [];
    for (const op of world.operations.filter((o) => o.pathParameters.length)) {
      const { prepared, auth } = await valid(op);
      for (const parameter of op.pathParameters) {
        for (const bad of BAD_IDS) {
          const params = { ...prepared.instance.params, [parameter]: bad as unknown as number };
          const res = await send(world, prepared, auth, { url: fillPath(op.path, params) });
          failures.push(
            ...expectClientError(res, `${op.label} with ${parameter} = ${decodeURIComponent(bad === '%00' ? '%2500' : bad)}`, 400),
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 to bad paging and sorting on every operation that pages or sorts', async () => {
    const failures: string[] = [];
    let operations = 0;
    for (const op of world.operations) {
      const names = new Set(queryParameters(op).map((p) => p.name));
      const cases = BAD_PAGING.filter(([parameter]) => names.has(parameter));
      if (!cases.length) continue;
      operations++;
      const { prepared, auth } = await valid(op);
      for (const [, query] of cases)
        failures.push(
          ...expectClientError(await send(world, prepared, auth, { url: `${prepared.url}?${query}` }), `${op.label}?${query}`, 400),
        );
    }
    expect(failures).toEqual([]);
    expect(operations).toBeGreaterThan(15);
  });

  it('answers 400 to a value of the wrong type in any query filter', async () => {
    const failures: string[] = [];
    for (const op of world.operations) {
      const parameters = queryParameters(op);
      const queries = parameters.flatMap((p) => {
        const value = wrongQueryValue(p, world.document);
        return value === undefined ? [] : [`${p.name}=${value}`];
      });
      // Free text is capped (a 10 kB search is refused, not run).
      if (parameters.some((p) => p.name === 'q')) queries.push(`q=${'x'.repeat(10_000)}`);
      if (!queries.length) continue;
      const { prepared, auth } = await valid(op);
      for (const query of queries) {
        failures.push(
          ...expectClientError(
            await send(world, prepared, auth, { url: `${prepared.url}?${query}` }),
            `${op.label}?${query.slice(0, 60)}`,
            400,
          ),
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows no secret in any response of this file, and writes none to the logs', () => {
    expectNoSecretsLeaked(world);
    console.info(`malformed input: ${world.operations.length} operations, ${checks} checks, ${world.client.exchanges.length} requests`);
    // Every operation has a recipe (checked by the authentication spec too); the checks above used them all.
    for (const op of world.operations) expect(recipeOf(op)).toBeDefined();
  });
});

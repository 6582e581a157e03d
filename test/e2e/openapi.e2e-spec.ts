import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIV3 } from 'openapi-types';
import request from 'supertest';
import { ACCESS_RULE, API_KEY_SCHEME, BEARER_SCHEME, type AccessRule } from '../../src/common/auth/access.decorators.js';
import { ALL_PERMISSIONS } from '../../src/common/permissions/permissions.js';
import {
  ERROR_RESPONSE_REF,
  listOperations,
  samplePath,
  type DocumentedOperation,
  type HttpMethod,
} from '../support/openapi-operations.js';
import { validateOpenApiDocument } from '../support/openapi-validate.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A documented error schema other than ErrorResponseDto must still carry the contract's error fields. */
function hasErrorShape(schema: OpenAPIV3.ReferenceObject | undefined, document: OpenAPIV3.Document): boolean {
  const name = schema?.$ref?.replace('#/components/schemas/', '');
  const component = name ? (document.components?.schemas?.[name] as OpenAPIV3.SchemaObject | undefined) : undefined;
  return ['statusCode', 'error', 'message'].every((field) => component?.required?.includes(field));
}

/** What one operation lacks against the documentation rules every route must follow. */
function documentationProblems({ operation, pathParameters }: DocumentedOperation, document: OpenAPIV3.Document): string[] {
  const problems: string[] = [];
  const responses = operation.responses as Record<string, OpenAPIV3.ResponseObject>;
  const codes = Object.keys(responses);
  if (!operation.tags?.length) problems.push('no tag');
  if (!operation.summary?.trim()) problems.push('no summary');

  const successes = codes.filter((code) => /^2\d\d$/.test(code));
  const hasContentSchema = (code: string) => Object.values(responses[code].content ?? {}).some((media) => media.schema);
  if (!successes.length) problems.push('no 2xx response');
  else if (!successes.includes('204') && !successes.some(hasContentSchema))
    problems.push(`2xx response (${successes.join(', ')}) without a content schema`);

  const isPublic = operation['x-public'] === true;
  const permissions = operation['x-required-permissions'];
  if (isPublic && permissions !== undefined) problems.push('declares both x-public and x-required-permissions');
  if (!isPublic && !Array.isArray(permissions)) problems.push('declares neither x-public: true nor an x-required-permissions array');
  if (!isPublic) {
    for (const scheme of [BEARER_SCHEME, API_KEY_SCHEME]) {
      if (!operation.security?.some((requirement) => scheme in requirement)) problems.push(`no "${scheme}" security scheme`);
    }
    if (!codes.includes('401')) problems.push('no 401 response');
  }
  if (Array.isArray(permissions) && permissions.length && !codes.includes('403'))
    problems.push('requires permissions but has no 403 response');
  if (pathParameters.length) {
    for (const code of ['400', '404'])
      if (!codes.includes(code)) problems.push(`path parameter (${pathParameters.join(', ')}) but no ${code} response`);
  }
  if (operation.requestBody && !codes.includes('400')) problems.push('request body but no 400 response');

  for (const code of codes.filter((c) => /^[45]\d\d$/.test(c))) {
    const schema = responses[code].content?.['application/json']?.schema as OpenAPIV3.ReferenceObject | undefined;
    if (schema?.$ref !== ERROR_RESPONSE_REF && !hasErrorShape(schema, document)) {
      const mediaTypes = Object.keys(responses[code].content ?? {}).join(', ') || 'no content';
      problems.push(`${code} response is not application/json ErrorResponseDto (documented as: ${mediaTypes})`);
    }
  }
  return problems;
}

const CRUD = (collection: string, item = `${collection}/{id}`): Array<[string, HttpMethod[]]> => [
  [collection, ['get', 'post']],
  [item, ['get', 'patch', 'delete']],
];

/** The paths and methods of the REST contract (docs/api-contract.md) implemented so far, by area. */
const CONTRACT_PATHS: Record<string, Array<[string, HttpMethod[]]>> = {
  auth: [
    ['/api/v1/auth/register', ['post']],
    ['/api/v1/auth/login', ['post']],
    ['/api/v1/auth/me', ['get']],
  ],
  organizations: [['/api/v1/organizations/current', ['get', 'patch']]],
  users: CRUD('/api/v1/users'),
  roles: [['/api/v1/roles', ['get']]],
  'ai-systems': CRUD('/api/v1/ai-systems'),
  'risk-items': CRUD('/api/v1/risk-items'),
  'risk mitigations': CRUD('/api/v1/risk-items/{riskItemId}/mitigations'),
  'compliance-issues': CRUD('/api/v1/compliance-issues'),
  'risk register export': [['/api/v1/risk-items/export.csv', ['get']]],
  'api-keys': CRUD('/api/v1/api-keys'),
  'github scan configs': [
    ...CRUD('/api/v1/github/scan-configs'),
    ['/api/v1/github/scan-configs/{id}/scans', ['post']],
    ['/api/v1/github/scan-configs/{id}/results', ['get']],
    ['/api/v1/github/scan-configs/{id}/summaries', ['get']],
    ['/api/v1/github/scan-results/{id}/add-to-risk', ['post']],
  ],
  'bias analysis': [
    ['/api/v1/bias-analysis/scans', ['get', 'post']],
    ['/api/v1/bias-analysis/scans/{id}', ['get']],
    ['/api/v1/bias-analysis/scans/{id}/records', ['post']],
    ['/api/v1/bias-analysis/scans/{id}/complete', ['post']],
    ['/api/v1/bias-analysis/scans/{id}/results', ['get']],
  ],
  'frontier models': [
    ['/api/v1/frontier-models', ['get', 'post']],
    ['/api/v1/frontier-models/{id}', ['patch', 'delete']],
    ...CRUD('/api/v1/frontier-models/sources'),
    ['/api/v1/frontier-models/sources/fetch', ['post']],
    ...CRUD('/api/v1/frontier-alert-configs'),
    ['/api/v1/frontier-alerts', ['get']],
  ],
  health: [['/health', ['get']]],
};

describe('OpenAPI document and Swagger UI', () => {
  let t: TestApp;
  let document: OpenAPIV3.Document;
  let operations: DocumentedOperation[];

  beforeAll(async () => {
    t = await createTestApp();
    const res = await request(t.http).get('/api/docs-json').expect(200).expect('Content-Type', /json/);
    document = res.body as OpenAPIV3.Document;
    operations = listOperations(document);
  });
  afterAll(() => t.close());

  it('serves a valid OpenAPI 3 document at /api/docs-json', async () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(operations.length).toBeGreaterThan(0);
    await expect(validateOpenApiDocument(document)).resolves.toBeUndefined();
  });

  it('serves Swagger UI at /api/docs, with its scripts', async () => {
    const page = await request(t.http).get('/api/docs').redirects(1).expect(200).expect('Content-Type', /html/);
    expect(page.text).toMatch(/swagger-ui/i);
    const scripts = [...page.text.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const url = new URL(src, 'http://localhost/api/docs/');
      const asset = await request(t.http).get(url.pathname);
      expect({ src, status: asset.status }).toEqual({ src, status: 200 });
      expect(asset.text.length).toBeGreaterThan(0);
    }
  });

  it('documents every operation fully: tag, summary, success schema, access rule, security and error responses', () => {
    const failures = operations.flatMap((op) => documentationProblems(op, document).map((problem) => `${op.label}: ${problem}`));
    expect(failures.join('\n')).toBe('');
  });

  it('names only known permissions in x-required-permissions', () => {
    const known = new Set<string>(ALL_PERMISSIONS);
    const unknown = operations.flatMap(({ label, operation }) => {
      const permissions = operation['x-required-permissions'];
      return Array.isArray(permissions) ? permissions.filter((p) => !known.has(p as string)).map((p) => `${label}: ${String(p)}`) : [];
    });
    expect(unknown).toEqual([]);
  });

  it('enforces at runtime what it documents: non-public operations answer 401 without credentials, public ones never do', async () => {
    const mismatches: string[] = [];
    for (const { method, path, label, operation } of operations) {
      let call = request(t.http)[method as 'get'](samplePath(path));
      if (operation.requestBody) call = call.send({});
      const res = await call;
      const isPublic = operation['x-public'] === true;
      if (!isPublic && (res.status !== 401 || res.body?.statusCode !== 401 || typeof res.body?.message !== 'string')) {
        mismatches.push(`${label}: without credentials, expected a 401 error body, got ${res.status} ${JSON.stringify(res.body)}`);
      }
      if (isPublic && (res.status === 401 || res.status >= 500)) mismatches.push(`${label}: public, but answered ${res.status}`);
    }
    expect(mismatches).toEqual([]);
  });

  describe('has the paths of the API contract', () => {
    it.each(Object.entries(CONTRACT_PATHS))('%s', (_area, paths) => {
      const missing = paths.flatMap(([path, methods]) =>
        methods.filter((method) => !document.paths[path]?.[method]).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(missing).toEqual([]);
    });
  });

  it('declares an access rule (@Public, @SignedIn or @RequirePermissions) on every controller route', () => {
    // Independent of Swagger: walks the controllers Nest registered, as its router does.
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const scanner = new MetadataScanner();
    const reflector = t.app.get(Reflector);
    const routes: string[] = [];
    const unguarded: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name] as () => unknown;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        const route = `${controller.name}.${name}`;
        routes.push(route);
        if (!reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, controller])) unguarded.push(route);
      }
    }
    expect(routes.length).toBeGreaterThan(0);
    expect(unguarded).toEqual([]);
  });
});

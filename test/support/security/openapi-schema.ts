import type { OpenAPIV3 } from 'openapi-types';
import type { DocumentedOperation } from '../openapi-operations.js';

type Schema = OpenAPIV3.SchemaObject;
type MaybeRef = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;

/** Follows `$ref`s to the schema object. */
export function resolve(schema: MaybeRef | undefined, document: OpenAPIV3.Document): Schema {
  let current = schema;
  while (current && '$ref' in current) {
    current = document.components?.schemas?.[current.$ref.replace('#/components/schemas/', '')];
  }
  return (current ?? {}) as Schema;
}

/**
 * The JSON schema of an operation's request body. With `oneOf`, the variant whose required fields
 * the valid body has (e.g. the JSON webhook scan rather than the multipart upload).
 */
export function requestBodySchema(op: DocumentedOperation, document: OpenAPIV3.Document, validBody: unknown): Schema | undefined {
  const body = op.operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
  const media = body?.content?.['application/json'] ?? Object.values(body?.content ?? {})[0];
  if (!media?.schema) return undefined;
  const schema = resolve(media.schema, document);
  if (!schema.oneOf) return schema;
  const variants = schema.oneOf.map((variant) => resolve(variant, document));
  const fields = validBody && typeof validBody === 'object' ? Object.keys(validBody) : [];
  return variants.find((variant) => (variant.required ?? []).every((name) => fields.includes(name))) ?? variants[0];
}

/** Every schema a request body may follow (each `oneOf` variant, each media type). */
export function allRequestBodySchemas(op: DocumentedOperation, document: OpenAPIV3.Document): Schema[] {
  const body = op.operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
  return Object.values(body?.content ?? {}).flatMap((media) => {
    const schema = resolve(media.schema, document);
    return schema.oneOf ? schema.oneOf.map((variant) => resolve(variant, document)) : [schema];
  });
}

export interface FieldCase {
  /** `config.protectedAttributes`, for messages. */
  field: string;
  path: string[];
  value: unknown;
  kind: string;
}

/** A value of the wrong type for a schema: string → 123, number → "x", enum → "bogus", array → {}, object → "str". */
function wrongValues(schema: Schema): Array<{ value: unknown; kind: string }> {
  if (schema.enum) return [{ value: 'bogus', kind: 'enum' }];
  switch (schema.type) {
    case 'string':
      return schema.format === 'date-time'
        ? [
            { value: 123, kind: 'string' },
            { value: 'not-a-date', kind: 'date-time' },
          ]
        : [{ value: 123, kind: 'string' }];
    case 'number':
    case 'integer':
      return [{ value: 'x', kind: 'number' }];
    case 'boolean':
      return [{ value: 'not-a-boolean', kind: 'boolean' }];
    case 'array':
      return [{ value: {}, kind: 'array' }];
    case 'object':
      return [{ value: 'str', kind: 'object' }];
    default:
      return schema.properties ? [{ value: 'str', kind: 'object' }] : [];
  }
}

/**
 * One case per body field (nested ones too, where the valid body has their parent) and wrong type.
 * Fields absent from the valid body are set alone, on top of it.
 */
export function wrongTypeCases(schema: Schema, document: OpenAPIV3.Document, validBody: unknown, prefix: string[] = []): FieldCase[] {
  if (schema.type === 'array' && !prefix.length) return [{ field: '(body)', path: [], value: {}, kind: 'array' }];
  const cases: FieldCase[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const resolved = resolve(property, document);
    const path = [...prefix, name];
    for (const wrong of wrongValues(resolved)) cases.push({ field: path.join('.'), path, ...wrong });
    const present = getAt(validBody, path);
    if (resolved.properties && present && typeof present === 'object') cases.push(...wrongTypeCases(resolved, document, validBody, path));
  }
  return cases;
}

/** Body fields that name a row by id (`aiSystemId`, `config.aiSystemId`, …), nested ones included. */
export function idFields(schema: Schema, document: OpenAPIV3.Document, prefix: string[] = []): string[][] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const resolved = resolve(property, document);
    const path = [...prefix, name];
    return [...(/Ids?$/.test(name) ? [path] : []), ...(resolved.properties ? idFields(resolved, document, path) : [])];
  });
}

/** The first string field (where a huge string goes). */
export function firstStringField(schema: Schema, document: OpenAPIV3.Document): string | undefined {
  return Object.entries(schema.properties ?? {}).find(([, p]) => {
    const resolved = resolve(p, document);
    return resolved.type === 'string' && !resolved.enum;
  })?.[0];
}

export function getAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined),
    value,
  );
}

/** A deep copy of `body` with `path` set to `value`. */
export function setAt(body: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone((body && typeof body === 'object' ? body : {}) as Record<string, unknown>);
  let current = copy;
  for (const key of path.slice(0, -1)) {
    if (!current[key] || typeof current[key] !== 'object') current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[path[path.length - 1]] = value;
  return copy;
}

/** Lists answer the `{ data, meta }` envelope. */
export function isListOperation(op: DocumentedOperation, document: OpenAPIV3.Document): boolean {
  if (op.method !== 'get') return false;
  const ok = (op.operation.responses as Record<string, OpenAPIV3.ResponseObject>)['200'];
  const schema = resolve(ok?.content?.['application/json']?.schema, document);
  return Boolean(schema.properties?.data && schema.properties?.meta);
}

export function queryParameters(op: DocumentedOperation): OpenAPIV3.ParameterObject[] {
  return ((op.operation.parameters ?? []) as OpenAPIV3.ParameterObject[]).filter((p) => p.in === 'query');
}

/** A value of the wrong type for a query parameter, or undefined when any text is acceptable. */
export function wrongQueryValue(parameter: OpenAPIV3.ParameterObject, document: OpenAPIV3.Document): string | undefined {
  const schema = resolve(parameter.schema, document);
  if (schema.type === 'number' || schema.type === 'integer') return 'x';
  if (schema.type === 'boolean') return 'maybe';
  if (schema.format === 'date-time') return 'not-a-date';
  if (schema.enum) return 'bogus';
  return undefined;
}

import type { OpenAPIV3 } from 'openapi-types';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const ERROR_RESPONSE_REF = '#/components/schemas/ErrorResponseDto';

/** One operation of the document, with its vendor extensions readable. */
export interface DocumentedOperation {
  method: HttpMethod;
  path: string;
  /** `GET /api/v1/users/{id}`, for messages. */
  label: string;
  operation: OpenAPIV3.OperationObject & { 'x-public'?: unknown; 'x-required-permissions'?: unknown };
  pathParameters: string[];
}

export function listOperations(document: OpenAPIV3.Document): DocumentedOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item?.[method]).map((method) => {
      const operation = item![method]!;
      const parameters = [...(item!.parameters ?? []), ...(operation.parameters ?? [])] as OpenAPIV3.ParameterObject[];
      return {
        method,
        path,
        label: `${method.toUpperCase()} ${path}`,
        operation,
        pathParameters: parameters.filter((p) => p.in === 'path').map((p) => p.name),
      };
    }),
  );
}

/** A concrete URL for an operation: every path parameter becomes `1`. */
export const samplePath = (path: string) => path.replace(/\{[^}]+\}/g, '1');

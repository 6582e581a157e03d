/**
 * Column names that hold secrets (password hashes, API key hashes, encrypted GitHub tokens, webhook
 * secrets). "tokens" (a count, e.g. a context window) is not a secret.
 */
const SECRET_NAME = /password|secret|hash|token(?!s)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Removes secret fields from every record inside an AdminJS action response (record, records,
 * populated references), whatever the property's visibility: AdminJS sends `params` unfiltered.
 */
export function stripSecrets<T>(response: T): T {
  const visit = (value: unknown, depth: number): void => {
    if (!value || typeof value !== 'object' || depth > 8) return;
    if (Array.isArray(value)) {
      value.forEach((item) => visit(item, depth + 1));
      return;
    }
    const object = value as Record<string, unknown>;
    const params = object.params;
    if (params && typeof params === 'object' && !Array.isArray(params)) {
      for (const key of Object.keys(params)) {
        if (key.split('.').some(isSecretName)) delete (params as Record<string, unknown>)[key];
      }
    }
    for (const child of Object.values(object)) visit(child, depth + 1);
  };
  visit(response, 0);
  return response;
}

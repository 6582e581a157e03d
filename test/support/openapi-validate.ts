import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// @apidevtools/swagger-parser is CommonJS that requires an ES module (json-schema-ref-parser). Node
// does that natively, but Jest's module system cannot (before Node 24.9), so it runs in a Node process of its own.
const VALIDATOR = `
import SwaggerParser from '@apidevtools/swagger-parser';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
try {
  await SwaggerParser.validate(JSON.parse(Buffer.concat(chunks).toString('utf8')));
} catch (error) {
  process.stderr.write(error.message);
  process.exitCode = 1;
}
`;

/** Resolves when `SwaggerParser.validate` accepts the document; rejects with the validator's message otherwise. */
export function validateOpenApiDocument(document: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', VALIDATOR], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`OpenAPI document is invalid (exit ${code}): ${errors.trim()}`)),
    );
    child.stdin.end(JSON.stringify(document));
  });
}

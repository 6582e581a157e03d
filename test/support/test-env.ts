/** Set by global-setup.ts for the whole run. */
export const TEST_ENV = {
  get adminUrl(): string {
    return process.env.AURA_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  },
  templateVar: 'AURA_TEST_TEMPLATE_DB',
  runIdVar: 'AURA_TEST_RUN_ID',
};

export function databaseUrl(name: string): string {
  const url = new URL(TEST_ENV.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

import { BadRequestException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface OrganizationReference {
  /** Body field name, used in the error message. */
  field: string;
  /** Table whose rows carry organization_id. */
  table: string;
  id: number | null | undefined;
  label: string;
}

/**
 * Checks that ids given in a request body belong to the caller's organization. An id of another
 * organization gets the same answer as one that does not exist.
 */
export async function assertReferencesInOrganization(
  manager: EntityManager,
  organizationId: number,
  references: OrganizationReference[],
): Promise<void> {
  const problems: string[] = [];
  for (const ref of references) {
    if (ref.id === null || ref.id === undefined) continue;
    const rows: unknown[] = await manager.query(`SELECT 1 FROM "${ref.table}" WHERE "id" = $1 AND "organization_id" = $2`, [
      ref.id,
      organizationId,
    ]);
    if (!rows.length) problems.push(`${ref.field}: ${ref.label} ${ref.id} not found in your organization`);
  }
  if (problems.length)
    throw new BadRequestException({ message: problems.join('; '), details: problems.map((m) => ({ field: m.split(':')[0], message: m })) });
}

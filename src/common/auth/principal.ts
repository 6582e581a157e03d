/** Who is calling: attached to the request by the AuthGuard. */
export interface Principal {
  kind: 'user' | 'api_key';
  /** The user, or for an API key the user who created it (null if that user was deleted). */
  userId: number | null;
  apiKeyId: number | null;
  organizationId: number;
  roleId: number;
  roleName: string;
  permissions: readonly string[];
  isPlatformAdmin: boolean;
}

export type RequestWithPrincipal = { principal?: Principal };

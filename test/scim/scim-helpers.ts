import { ADMIN_TOKEN, TestApp } from '../helpers/create-test-app';
import { createUser } from '../helpers/seed';

export const SCIM = 'application/scim+json; charset=utf-8';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function scimError(status: number, detail: string, scimType?: string) {
  return { schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

export function patch(...operations: Array<Record<string, unknown>>) {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** A user with the provisioning role, granted through the admin API; returns its token. */
export async function provisioningToken(t: TestApp): Promise<string> {
  const user = await createUser(t, { username: 'idp-provisioner' });
  await t.http
    .put(`/admin/v1/users/${user.id}/provisioner`)
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .expect(200, { userId: user.id, provisioner: true });
  return user.token;
}

/** ISO timestamps and versions differ per run; everything else is asserted exactly. */
export function withoutTimes(resource: Record<string, unknown>) {
  const { meta, ...rest } = resource as { meta: Record<string, unknown> };
  const { created, lastModified, version, ...stable } = meta;
  expect(typeof created).toBe('string');
  expect(lastModified).toEqual(expect.any(String));
  expect(version).toMatch(/^W\/"\d+"$/);
  return { ...rest, meta: stable };
}

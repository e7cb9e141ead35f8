import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { Gatekeeper } from './gatekeeper';
import { decodeCursor, DEFAULT_PAGE_SIZE, KeysetPage, PageRequest, toKeysetPage } from './keyset';
import { OrganizationsRepository } from './repositories/organizations.repository';
import { OrganizationView } from './views';
import { requireSystemAdmin } from './access-policy';

/**
 * Reading organizations is open to every authenticated caller (dialects show them); changing
 * them is for system administrators.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly organizations: OrganizationsRepository,
  ) {}

  createOrganization(caller: Caller, name: string): Promise<OrganizationView> {
    requireSystemAdmin(caller, 'createOrganizations');
    this.assertValidName(name);
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'org';
    // A short random suffix keeps slugs unique without a read-then-write race.
    const slug = `${base.slice(0, 200)}-${randomBytes(3).toString('hex')}`;
    return this.gate.write(async (em) => {
      const id = await this.organizations.insert(em, name, slug);
      return { id, name, slug };
    });
  }

  /** By id; `q` matches any part of the name, case-insensitively. */
  async listOrganizations(
    _caller: Caller,
    search: PageRequest & { q?: string },
  ): Promise<KeysetPage<OrganizationView>> {
    const after = search.cursor ? decodeCursor<readonly [number]>(search.cursor, ['number'])[0] : 0;
    const size = search.limit ?? DEFAULT_PAGE_SIZE;
    const { rows, counted } = await this.organizations.page(
      search.q?.toLowerCase(),
      after,
      size + 1,
    );
    return toKeysetPage(rows, size, counted, (organization) => [organization.id]);
  }

  async getOrganization(_caller: Caller, id: number): Promise<OrganizationView> {
    const organization = await this.organizations.byId(id);
    if (!organization) throw DomainError.notFound('organization', id, 'organizationId');
    return organization;
  }

  /** Renames; the slug, which clients may hold, stays. */
  updateOrganization(caller: Caller, id: number, name: string): Promise<OrganizationView> {
    requireSystemAdmin(caller, 'changeOrganizations');
    this.assertValidName(name);
    return this.gate.write(async (em) => {
      await this.requireExisting(em, id);
      await this.organizations.rename(em, id, name);
      return (await this.organizations.byId(id, em))!;
    });
  }

  /** Its users and groups remain, without an organization. */
  deleteOrganization(caller: Caller, id: number): Promise<void> {
    requireSystemAdmin(caller, 'deleteOrganizations');
    return this.gate.write(async (em) => {
      await this.requireExisting(em, id);
      await this.organizations.delete(em, id);
    });
  }

  private async requireExisting(em: EntityManager, id: number) {
    if (!(await this.organizations.exists(id, em)))
      throw DomainError.notFound('organization', id, 'organizationId');
  }

  private assertValidName(name: string) {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
      throw DomainError.invalid('name', 'name must be 1–255 characters');
    }
  }
}

import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { Gatekeeper } from './gatekeeper';
import { OrganizationsRepository } from './repositories/organizations.repository';
import { OrganizationView } from './views';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly organizations: OrganizationsRepository,
  ) {}

  createOrganization(caller: Caller, name: string): Promise<OrganizationView> {
    if (!caller.systemAdmin)
      throw DomainError.forbidden('Only a system administrator may create organizations');
    if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
      throw DomainError.invalid('name', 'name must be 1–255 characters');
    }
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
}

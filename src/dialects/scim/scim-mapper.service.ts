import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { scimPatch, ScimError, ScimPatchOperation } from 'scim-patch';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Caller } from '../../domain/caller';
import { DirectoryService, Precondition } from '../../domain/directory.service';
import { DirectoryUser } from '../../domain/directory-views';
import { preconditionFailed, ScimRequestError, ScimType } from './scim-errors';
import { resourceTypeDocuments, schemaDocuments, serviceProviderConfig } from './scim-schemas';
import {
  canonical,
  GROUP_SORT_FIELDS,
  groupChanges,
  groupFilter,
  groupInput,
  listParams,
  patchOperations,
  pathId,
  requireObject,
  USER_SORT_FIELDS,
  userFilter,
  userInput,
  attributeList,
} from './scim-request';
import {
  discoveryList,
  isReturned,
  listResponse,
  project,
  scimGroup,
  scimUser,
  ScimResource,
  version,
} from './scim-views';

type Query = Record<string, unknown>;

/** What a controller sends: a resource (or none, for 204) and its version for the ETag header. */
export interface ScimReply {
  resource?: ScimResource;
  version?: string;
}

/** The one place that turns If-Match into a check run inside the write's transaction. */
function ifMatch(header: string | undefined): Precondition | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const accepted = header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return (current) => {
    if (!accepted.includes(version(current).replace(/^W\//, ''))) throw preconditionFailed();
  };
}

/** SCIM wire ↔ the directory: parse, call the domain, render (RFC 7643, RFC 7644). */
@Injectable()
export class ScimMapperService {
  constructor(
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `PUBLIC_URL` when set, else the request's own scheme and host. */
  baseUrl(req: Request): string {
    const origin = this.config.publicUrl ?? `${req.protocol}://${req.host ?? 'localhost'}`;
    return `${origin}/scim/v2`;
  }

  // ----- discovery (RFC 7644 §4) -----

  serviceProviderConfig(req: Request) {
    return serviceProviderConfig(this.baseUrl(req));
  }

  schemas(req: Request) {
    return discoveryList(schemaDocuments(this.baseUrl(req)));
  }

  schema(req: Request, id: string) {
    return this.discovered(schemaDocuments(this.baseUrl(req)), id, 'schema');
  }

  resourceTypes(req: Request) {
    return discoveryList(resourceTypeDocuments(this.baseUrl(req)));
  }

  resourceType(req: Request, id: string) {
    return this.discovered(resourceTypeDocuments(this.baseUrl(req)), id, 'resource type');
  }

  private discovered<T extends { id: string }>(documents: T[], id: string, what: string): T {
    const found = documents.find((d) => d.id.toLowerCase() === id.toLowerCase());
    if (!found) throw new ScimRequestError(undefined, `No ${what} "${id}"`, 404);
    return found;
  }

  // ----- Users -----

  async listUsers(caller: Caller, query: Query, req: Request) {
    const params = listParams(query, userFilter, USER_SORT_FIELDS);
    const page = await this.directory.listUsers(caller, {
      filter: params.filter,
      sort: params.sort,
      offset: params.startIndex - 1,
      limit: params.count,
    });
    const base = this.baseUrl(req);
    return listResponse(page, params.startIndex, (user) =>
      project(scimUser(user, base), params.attributes, params.excludedAttributes),
    );
  }

  async getUser(caller: Caller, rawId: string, query: Query, req: Request): Promise<ScimReply> {
    const user = await this.directory.getUser(caller, pathId(rawId, 'user'));
    return this.userReply(user, query, req);
  }

  async createUser(caller: Caller, body: unknown, query: Query, req: Request): Promise<ScimReply> {
    const input = userInput(requireObject(canonical(requireObject(body, 'User resource')), 'User'));
    return this.userReply(await this.directory.createUser(caller, input), query, req);
  }

  async replaceUser(
    caller: Caller,
    rawId: string,
    body: unknown,
    query: Query,
    req: Request,
  ): Promise<ScimReply> {
    const input = userInput(requireObject(canonical(requireObject(body, 'User resource')), 'User'));
    const check = ifMatch(req.get('if-match'));
    const user = await this.directory.changeUser(caller, pathId(rawId, 'user'), (current) => {
      check?.(current);
      return input;
    });
    return this.userReply(user, query, req);
  }

  /** RFC 7644 §3.5.2 on the whole resource, with scim-patch, inside the write's transaction. */
  async patchUser(caller: Caller, rawId: string, body: unknown, query: Query, req: Request) {
    const operations = patchOperations(body) as ScimPatchOperation[];
    const check = ifMatch(req.get('if-match'));
    const base = this.baseUrl(req);
    const user = await this.directory.changeUser(caller, pathId(rawId, 'user'), (current) => {
      check?.(current);
      const resource = scimUser(current, base) as ScimResource & Parameters<typeof scimPatch>[0];
      let patched: unknown;
      try {
        patched = scimPatch(resource, operations, { mutateDocument: false });
      } catch (error) {
        if (!(error instanceof ScimError)) throw error;
        // scim-patch's codes are RFC 7644 scimTypes.
        throw new ScimRequestError((error.scimCode as ScimType) ?? 'invalidValue', error.message);
      }
      return userInput(requireObject(canonical(patched), 'User'));
    });
    return this.patchReply(this.userReply(user, query, req), query);
  }

  async deleteUser(caller: Caller, rawId: string, req: Request): Promise<void> {
    await this.directory.deleteUser(caller, pathId(rawId, 'user'), ifMatch(req.get('if-match')));
  }

  // ----- Groups -----

  async listGroups(caller: Caller, query: Query, req: Request) {
    const params = listParams(query, groupFilter, GROUP_SORT_FIELDS);
    const page = await this.directory.listGroups(
      caller,
      {
        filter: params.filter,
        sort: params.sort,
        offset: params.startIndex - 1,
        limit: params.count,
      },
      isReturned('members', params.attributes, params.excludedAttributes),
    );
    const base = this.baseUrl(req);
    return listResponse(page, params.startIndex, (group) =>
      project(scimGroup(group, base), params.attributes, params.excludedAttributes),
    );
  }

  async getGroup(caller: Caller, rawId: string, query: Query, req: Request): Promise<ScimReply> {
    const group = await this.directory.getGroup(
      caller,
      pathId(rawId, 'group'),
      this.returnsMembers(query),
    );
    return this.groupReply(group, query, req);
  }

  async createGroup(caller: Caller, body: unknown, query: Query, req: Request): Promise<ScimReply> {
    const input = groupInput(
      requireObject(canonical(requireObject(body, 'Group resource')), 'Group'),
    );
    return this.groupReply(await this.directory.createGroup(caller, input), query, req);
  }

  async replaceGroup(caller: Caller, rawId: string, body: unknown, query: Query, req: Request) {
    const input = groupInput(
      requireObject(canonical(requireObject(body, 'Group resource')), 'Group'),
    );
    const group = await this.directory.changeGroup(
      caller,
      pathId(rawId, 'group'),
      [
        { kind: 'rename', name: input.name },
        { kind: 'setExternalId', externalId: input.externalId },
        { kind: 'replaceMembers', userIds: input.userIds, groupIds: input.groupIds },
      ],
      { precondition: ifMatch(req.get('if-match')), withMembers: this.returnsMembers(query) },
    );
    return this.groupReply(group, query, req);
  }

  async patchGroup(caller: Caller, rawId: string, body: unknown, query: Query, req: Request) {
    const changes = groupChanges(patchOperations(body));
    const wantsBody = this.wantsBody(query);
    const group = await this.directory.changeGroup(caller, pathId(rawId, 'group'), changes, {
      precondition: ifMatch(req.get('if-match')),
      withMembers: wantsBody && this.returnsMembers(query),
    });
    return this.patchReply(this.groupReply(group, query, req), query);
  }

  async deleteGroup(caller: Caller, rawId: string, req: Request): Promise<void> {
    await this.directory.deleteGroup(caller, pathId(rawId, 'group'), ifMatch(req.get('if-match')));
  }

  // ----- replies -----

  private userReply(user: DirectoryUser, query: Query, req: Request): ScimReply {
    return {
      resource: project(
        scimUser(user, this.baseUrl(req)),
        attributeList(query, 'attributes'),
        attributeList(query, 'excludedAttributes'),
      ),
      version: version(user),
    };
  }

  private groupReply(
    group: Parameters<typeof scimGroup>[0],
    query: Query,
    req: Request,
  ): ScimReply {
    return {
      resource: project(
        scimGroup(group, this.baseUrl(req)),
        attributeList(query, 'attributes'),
        attributeList(query, 'excludedAttributes'),
      ),
      version: version(group),
    };
  }

  /**
   * RFC 7644 §3.5.2 lets PATCH answer 200 with the resource or 204. 204 (what Microsoft's
   * validator expects) unless the client asked for attributes, which only a body can carry.
   */
  private patchReply(reply: ScimReply, query: Query): ScimReply {
    return this.wantsBody(query) ? reply : { version: reply.version };
  }

  private wantsBody(query: Query): boolean {
    return (
      attributeList(query, 'attributes') !== undefined ||
      attributeList(query, 'excludedAttributes') !== undefined
    );
  }

  private returnsMembers(query: Query): boolean {
    return isReturned(
      'members',
      attributeList(query, 'attributes'),
      attributeList(query, 'excludedAttributes'),
    );
  }
}

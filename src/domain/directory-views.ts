/** Users and groups as a provisioning client (an identity provider) sees them. */

export interface DirectoryEmail {
  value: string;
  type: string | null;
  primary: boolean;
}

export interface DirectoryUserInput {
  username: string;
  externalId: string | null;
  displayName: string | null;
  givenName: string;
  familyName: string;
  active: boolean;
  /** The primary address (else the first) is also the user's e-mail in every other dialect. */
  emails: DirectoryEmail[];
  /** Attributes kept for the provisioning client that mean nothing to Groupbridge; opaque. */
  profile: Record<string, unknown> | null;
}

export interface DirectoryUser extends DirectoryUserInput {
  id: number;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
}

export interface DirectoryMember {
  kind: 'user' | 'group';
  id: number;
  /** The user's display name (else username) or the group's name. */
  display: string;
}

export interface DirectoryGroup {
  id: number;
  name: string;
  externalId: string | null;
  createdAt: number;
  updatedAt: number;
  /** Direct member users, then nested groups, each by id; absent when not asked for. */
  members?: DirectoryMember[];
}

/** One step of a group change; a change applies its steps in order, in one transaction. */
export type DirectoryGroupChange =
  | { kind: 'rename'; name: string }
  | { kind: 'setExternalId'; externalId: string | null }
  | {
      kind: 'addMembers' | 'removeMembers' | 'replaceMembers';
      userIds: number[];
      groupIds: number[];
    };

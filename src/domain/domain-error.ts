import { ValueRefused } from '../persistence/persistence-errors';

export enum DomainErrorCode {
  NotFound = 'NotFound',
  AlreadyExists = 'AlreadyExists',
  InvalidArgument = 'InvalidArgument',
  Forbidden = 'Forbidden',
  Cycle = 'Cycle',
  ReadOnly = 'ReadOnly',
}

/** What a failing operation was about, so each dialect can name it its own way. */
export type DomainEntity =
  'group' | 'user' | 'organization' | 'property' | 'share' | 'token' | 'consumer';

export interface DomainErrorDetails {
  entity?: DomainEntity;
  /** The id (or ids) that could not be found or used. */
  id?: number | string | Array<number | string>;
  /** The input parameter at fault, in domain vocabulary (e.g. 'name', 'userIds', 'childGroupIds'). */
  param?: string;
  /** A name involved, e.g. the duplicate group name. */
  name?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = `DomainError(${code})`;
  }

  static notFound(entity: DomainEntity, id: DomainErrorDetails['id'], param?: string) {
    const shown = Array.isArray(id) ? id.join(', ') : id;
    return new DomainError(DomainErrorCode.NotFound, `${capitalise(entity)} ${shown} not found`, {
      entity,
      id,
      param,
    });
  }

  static alreadyExists(entity: DomainEntity, name: string, param = 'name') {
    return new DomainError(
      DomainErrorCode.AlreadyExists,
      `${capitalise(entity)} "${name}" already exists`,
      { entity, name, param },
    );
  }

  static invalid(param: string, message: string) {
    return new DomainError(DomainErrorCode.InvalidArgument, message, { param });
  }

  static forbidden(message: string, details: DomainErrorDetails = {}) {
    return new DomainError(DomainErrorCode.Forbidden, message, details);
  }

  static cycle(parentId: number, childId: number, param = 'childGroupIds') {
    return new DomainError(
      DomainErrorCode.Cycle,
      `Nesting group ${childId} in group ${parentId} would create a cycle`,
      { entity: 'group', id: childId, param },
    );
  }

  static readOnly() {
    return new DomainError(DomainErrorCode.ReadOnly, 'This server is read-only');
  }
}

/**
 * A value the database refused (too long, out of range, U+0000 …) is the client's mistake: the
 * domain validates what it knows, and this keeps any input it missed a client error rather than a
 * 500. The write has been rolled back. Other failures pass unchanged.
 */
export function refusedValueAsInvalid(error: unknown): unknown {
  return error instanceof ValueRefused
    ? new DomainError(DomainErrorCode.InvalidArgument, error.message)
    : error;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

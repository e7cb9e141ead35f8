/**
 * What the database refused, in terms the domain can act on. The SQL runner translates every
 * driver error into one of these (or rethrows it untouched when it is none of them), so nothing
 * above persistence/ reads SQLSTATEs or SQLite result codes.
 */
export abstract class PersistenceError extends Error {
  /** `cause` is the driver's own error, kept for logs. */
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = new.target.name;
  }
}

/** A unique index or primary key refused a duplicate. */
export class UniqueViolation extends PersistenceError {
  constructor(
    /** The columns of the refused key, e.g. ['slug'] or ['name_key']. */
    readonly columns: readonly string[],
    cause: unknown,
  ) {
    super(`Duplicate key (${columns.join(', ')})`, cause);
  }
}

/** A foreign key refused a row that references a missing one (or is still referenced). */
export class ForeignKeyViolation extends PersistenceError {}

/**
 * A value the database cannot store: too long for its column, out of integer range, U+0000, an
 * index key too large. The message is fit to show a client.
 */
export class ValueRefused extends PersistenceError {}

/** The database was busy or could not serialise the transaction; retrying may succeed. */
export class TransientConflict extends PersistenceError {}

/** PostgreSQL's verdicts on a value (SQLSTATE → what a client is told). */
const VALUE_REFUSED_BY_POSTGRES: Record<string, string> = {
  '22001': 'A value is too long',
  '22003': 'A number is out of range',
  '22021': 'A value contains a character that cannot be stored',
  '22P05': 'A value contains a character that cannot be stored',
  '54000': 'A value is too long',
};

interface DriverError {
  code?: unknown;
  message?: unknown;
  /** PostgreSQL: "Key (slug)=(x) already exists." */
  detail?: unknown;
}

/** The typed error for a driver error, or the driver error itself when none applies. */
export function translateDriverError(error: unknown): unknown {
  const { code, message, detail } = (error ?? {}) as DriverError;
  if (typeof code !== 'string') return error;
  switch (code) {
    case '23505':
      return new UniqueViolation(postgresKeyColumns(detail), error);
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new UniqueViolation(sqliteKeyColumns(message), error);
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new ForeignKeyViolation(String(message), error);
    case '40001':
    case '40P01':
    case 'SQLITE_BUSY':
      return new TransientConflict(String(message), error);
  }
  const refused = VALUE_REFUSED_BY_POSTGRES[code];
  return refused ? new ValueRefused(refused, error) : error;
}

function postgresKeyColumns(detail: unknown): string[] {
  const match = typeof detail === 'string' ? /^Key \(([^)]*)\)=/.exec(detail) : null;
  return match ? match[1].split(',').map((c) => c.trim()) : [];
}

/** "UNIQUE constraint failed: groups.slug, groups.x" → ['slug', 'x']. */
function sqliteKeyColumns(message: unknown): string[] {
  const list = typeof message === 'string' ? message.split('constraint failed: ')[1] : undefined;
  return list ? list.split(',').map((c) => c.trim().split('.').pop()!) : [];
}

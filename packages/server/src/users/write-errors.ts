// Constraint failures of this area's writes, as the errors a caller can act on. The handlers check
// first (to name the conflict precisely); these cover the races between that check and the write.
import { ApiError, alreadyExists } from '../contract/api-error.ts';
import { isUniqueViolation } from '../store/database.ts';

/** True when a foreign key refused the write (the organization, user or role went away meanwhile). */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Rethrows a constraint failure as ALREADY_EXISTS (`conflict`) or ABORTED; anything else as it is. */
export function rethrowWriteConflict(error: unknown, conflict: string): never {
  if (isUniqueViolation(error)) throw alreadyExists(conflict);
  if (isForeignKeyViolation(error)) {
    throw new ApiError('ABORTED', 'the organization, user or role changed while this request ran; retry it');
  }
  throw error;
}

// Substring search with LIKE on both engines. Wildcards in the searched text are escaped so a search
// for "50%" means the text "50%"; callers add `escape '\'` explicitly, because SQLite has no default
// escape character while PostgreSQL's is the backslash.
import { sql, type RawBuilder } from 'kysely';

/** `%text%`, lower-cased, with LIKE's wildcards and the escape character escaped. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `lower(column) like pattern escape '\'` for a column reference such as `users.email_normalized`. */
export function lowerLike(column: string, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

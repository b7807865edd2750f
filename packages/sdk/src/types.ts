// Shapes shared by every area of the API. Responses mirror the protobuf response messages of the
// contract with camelCase keys, as the official SDK returns them, with two deliberate differences:
// timestamps stay RFC 3339 strings (no protobuf Timestamp objects, no runtime dependency) and enums
// are their string names ('CUSTOM', 'MINUTES'), exactly as the REST JSON carries them.

/** An RFC 3339 timestamp such as `2025-01-31T12:00:00Z`; pass it to `new Date()` if you need one. */
export type Timestamp = string;

/** User-defined key/value pairs. Keys are kept exactly as written — never case-converted. */
export type Metadata = Record<string, string>;

/** google.protobuf.Empty: the result of deletes. */
export type Empty = Record<string, never>;

export interface PageOptions {
  /** Results per page (server default 10, maximum 100). */
  pageSize?: number;
  /** `nextPageToken` (or `prevPageToken`) of a previous page. */
  pageToken?: string;
}

export interface Page {
  /** Empty string on the last page. */
  nextPageToken: string;
  /** Empty string on the first page. */
  prevPageToken: string;
  /** Number of results across all pages. */
  totalSize: number;
}

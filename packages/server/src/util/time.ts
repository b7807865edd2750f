/** The storage form of a time: ISO-8601 UTC with milliseconds, fixed width, sortable as text. */
export function isoNow(): string {
  return new Date().toISOString();
}

export function isoAfterSeconds(seconds: number, from = Date.now()): string {
  return new Date(from + seconds * 1000).toISOString();
}

/** A stored ISO time as a protobuf Timestamp init. */
export function toTimestamp(iso: string): { seconds: bigint; nanos: number } {
  const ms = Date.parse(iso);
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

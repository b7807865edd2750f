// An in-process signal that an event was just appended, so webhook workers look now instead of at
// their next poll. Only a hint: the workers' polling is what guarantees delivery (an event appended
// by another instance, or a nudge that arrives before its transaction commits, is found by a poll).
type Listener = () => void;

const listeners = new Set<Listener>();

export function onEventAppended(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function nudgeEventReaders(): void {
  for (const listener of listeners) listener();
}

// The error codes the server sends in the contract's ErrorInfo detail. The server imports this
// union too (packages/server/src/contract/api-error.ts), so the two can never drift apart.
export type KnownErrorCode =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'OUT_OF_RANGE'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'ABORTED'
  | 'RESOURCE_EXHAUSTED'
  | 'CANCELLED'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'INTERNAL'
  | 'UNKNOWN'
  | 'PAYLOAD_TOO_LARGE'
  | 'ROUTE_NOT_FOUND';

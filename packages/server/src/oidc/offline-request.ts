// OpenID Connect says offline_access is ignored unless the request also says prompt=consent, and
// oidc-provider drops it. Gatehouse's application is first-party and never shows consent, and the
// documented Scalekit flow asks for offline_access without prompt=consent, so before the provider
// sees the request we record the ask in a parameter of our own (clients cannot set it: any value
// they send is removed), and the first-party grant (first-party-grant.ts) adds offline access.
const MARK = 'gatehouse_offline';

export function markOfflineRequest(search: string): string {
  const params = new URLSearchParams(search);
  params.delete(MARK);
  const scope = params.get('scope') ?? '';
  if (scope.split(' ').includes('offline_access')) params.set(MARK, '1');
  return params.toString();
}

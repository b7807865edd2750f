// The API contract is the protobuf descriptors published in @scalekit-sdk/node (pinned): every
// service, method, message and HTTP rule comes from there, never from a hand-written copy.
import { createRequire } from 'node:module';
import type { DescFile, DescService } from '@bufbuild/protobuf';

const require = createRequire(import.meta.url);
const ROOT = '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1';

// Every descriptor module of the contract; each exports file_<package path> and its services.
const MODULES = [
  'auditlogs/auditlogs_pb.js',
  'auth/auth_pb.js',
  'auth/passwordless_pb.js',
  'auth/webauthn_pb.js',
  'clients/clients_pb.js',
  'connected_accounts/connected_accounts_pb.js',
  'connections/connections_pb.js',
  'directories/directories_pb.js',
  'domains/domains_pb.js',
  'errdetails/errdetails_pb.js',
  'events/events_pb.js',
  'organizations/organizations_pb.js',
  'roles/roles_pb.js',
  'sessions/sessions_pb.js',
  'tokens/tokens_pb.js',
  'tools/tools_pb.js',
  'users/users_pb.js',
];

function loadFiles(): DescFile[] {
  return MODULES.map((module) => {
    const exports = require(`${ROOT}/${module}`) as Record<string, unknown>;
    const file = Object.entries(exports).find(([name]) => name.startsWith('file_'))?.[1];
    if (!file) throw new Error(`contract module ${module} exports no file descriptor`);
    return file as DescFile;
  });
}

export const contractFiles: readonly DescFile[] = loadFiles();

/** Every service of the contract, in a stable order. */
export const contractServices: readonly DescService[] = contractFiles.flatMap((file) => file.services);

export function findService(typeName: string): DescService {
  const service = contractServices.find((s) => s.typeName === typeName);
  if (!service) throw new Error(`service ${typeName} is not in the contract`);
  return service;
}

// Public surface of @gatehouse/sdk. `Scalekit` and `ScalekitClient` are the same class as
// `Gatehouse`, so code written from Scalekit's documentation ports by changing only the import.
export {
  Gatehouse,
  Gatehouse as Scalekit,
  Gatehouse as ScalekitClient,
  type GatehouseOptions,
} from './gatehouse.ts';
export { Gatehouse as default } from './gatehouse.ts';
export { GatehouseError, type ErrorCode, type GatehouseErrorInit } from './errors.ts';
export type { OrganizationClient } from './organization.ts';
export type * from './organization-types.ts';
export type * from './types.ts';

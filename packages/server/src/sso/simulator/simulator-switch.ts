// The IdP simulator's production switch. The simulator signs an assertion for whatever email is typed
// into its form, so an organization trusting a simulator connection lets anyone sign in as any of its
// people: it is a development and test tool. GATEHOUSE_IDP_SIMULATOR=on|off, on by default except
// under NODE_ENV=production. Off: the simulator's routes are unknown paths (404), no connection can be
// created as, updated to or enabled as IDP_SIMULATOR (FAILED_PRECONDITION), and an existing simulator
// connection is not usable for login (routing, ACS and hand-off all ask sso-routing.ts).
import type { AppContext } from '../../app-context.ts';
import { failedPrecondition } from '../../contract/api-error.ts';

export const SIMULATOR_PROVIDER = 'IDP_SIMULATOR';

export interface SimulatorConfig {
  /** GATEHOUSE_IDP_SIMULATOR: serve the built-in SAML IdP simulator and trust its connections. */
  idpSimulator: boolean;
}

export function readSimulatorConfig(
  read: (name: string) => string | undefined,
  problems: string[],
): SimulatorConfig {
  const raw = read('GATEHOUSE_IDP_SIMULATOR');
  if (raw === undefined) return { idpSimulator: read('NODE_ENV') !== 'production' };
  if (/^(on|true|1|yes)$/i.test(raw)) return { idpSimulator: true };
  if (/^(off|false|0|no)$/i.test(raw)) return { idpSimulator: false };
  problems.push(`GATEHOUSE_IDP_SIMULATOR=${JSON.stringify(raw)}: expected on or off`);
  return { idpSimulator: false };
}

/** False for a simulator connection while the simulator is off; true for any other. */
export function simulatorAllows(ctx: AppContext, provider: string): boolean {
  return provider !== SIMULATOR_PROVIDER || ctx.config.idpSimulator;
}

/** FAILED_PRECONDITION when `provider` is the simulator and the simulator is off. */
export function refuseSimulatorWhenOff(ctx: AppContext, provider: string): void {
  if (simulatorAllows(ctx, provider)) return;
  throw failedPrecondition(
    'the IdP simulator is turned off on this server (GATEHOUSE_IDP_SIMULATOR=off); ' +
      'IDP_SIMULATOR connections cannot be created, changed to or enabled',
  );
}

// The simulator's IdP-initiated start, as an IdP's app dashboard: GET /sso/simulator/idp-initiated
// ?connection_id=conn_… shows the user form for an IDP_SIMULATOR connection; POST on the same path
// (CSRF checked, the connection checked again) signs an unsolicited response — no InResponseTo —
// and auto-posts it, with the RelayState typed in, to that connection's own ACS and nowhere else.
// The CSRF token is bound to the simulator's per-browser cookie and to the connection, as the
// AuthnRequest form's is bound to its request, so a cross-site post cannot sign a browser in.
import type { AppContext } from '../../app-context.ts';
import { csrfBinding, csrfToken } from '../../hosted/csrf.ts';
import { hostedPageHeaders, newNonce } from '../../hosted/security-headers.ts';
import type { AnyRequest, AnyResponse } from '../../http/respond.ts';
import { BadSimulatorForm, readSimulatorForm } from './simulator-form.ts';
import {
  APP_NAME,
  autoPostHeaders,
  csrfKey,
  ensureBrowserCookie,
  readCheckedForm,
  render,
  send,
} from './simulator-http.ts';
import { simulatorKeys } from './simulator-keys.ts';
import { SIMULATOR_PATH, simulatorEndpoints } from './simulator-metadata.ts';
import {
  DEFAULT_FORM_VALUES,
  idpInitiatedForm,
  samlResponsePage,
  submittedValues,
  type SimulatorFormValues,
} from './simulator-page.ts';
import { buildSamlResponse } from './simulator-response.ts';
import { simulatorSpById, type SimulatorSp } from './simulator-sp.ts';

export const IDP_INITIATED_PATH = `${SIMULATOR_PATH}/idp-initiated`;
/** SAML bindings cap RelayState at 80 bytes. */
const MAX_RELAY_STATE_BYTES = 80;

export function idpInitiatedUrl(connectionId: string): string {
  return `${IDP_INITIATED_PATH}?connection_id=${encodeURIComponent(connectionId)}`;
}

export async function serveIdpInitiated(
  ctx: AppContext,
  req: AnyRequest,
  res: AnyResponse,
  query: URLSearchParams,
): Promise<void> {
  if (req.method === 'GET') return show(ctx, req, res, query.get('connection_id') ?? '');
  if (req.method === 'POST') return start(ctx, req, res);
  return render(res, 404, 'Not found', 'The IdP simulator has no such page.');
}

async function show(ctx: AppContext, req: AnyRequest, res: AnyResponse, connectionId: string) {
  const sp = await simulatorSpById(ctx, connectionId);
  if (!sp) return unknownConnection(res);
  const browser = ensureBrowserCookie(ctx, req, res);
  return renderForm(ctx, res, 200, sp, browser, DEFAULT_FORM_VALUES, '');
}

async function start(ctx: AppContext, req: AnyRequest, res: AnyResponse) {
  const form = await readCheckedForm(
    ctx,
    req,
    res,
    (browser, fields) => binding(browser, fields.connection_id ?? ''),
    'Open the IdP-initiated page again.',
  );
  if (!form) return;
  const { fields, browser } = form;
  const connectionId = fields.connection_id ?? '';
  const sp = await simulatorSpById(ctx, connectionId);
  if (!sp) return unknownConnection(res);
  const relayState = fields.RelayState ?? '';
  let input: ReturnType<typeof readSimulatorForm>;
  try {
    if (Buffer.byteLength(relayState) > MAX_RELAY_STATE_BYTES) {
      throw new BadSimulatorForm(`RelayState: at most ${MAX_RELAY_STATE_BYTES} bytes`);
    }
    input = readSimulatorForm(fields);
  } catch (error) {
    if (!(error instanceof BadSimulatorForm)) throw error;
    const values = { ...DEFAULT_FORM_VALUES, ...submittedValues(fields) };
    return renderForm(ctx, res, 400, sp, browser, values, relayState, error.message);
  }
  const samlResponse = buildSamlResponse({
    sp,
    idpEntityId: simulatorEndpoints(ctx.config.publicUrl).entityId,
    keys: await simulatorKeys(ctx),
    ...input,
  });
  const nonce = newNonce();
  const page = samlResponsePage({ nonce, appName: APP_NAME, acsUrl: sp.acsUrl, samlResponse, relayState });
  send(res, 200, page, await autoPostHeaders(ctx, nonce, sp.acsUrl));
}

function renderForm(
  ctx: AppContext,
  res: AnyResponse,
  status: number,
  sp: SimulatorSp,
  browser: string,
  values: SimulatorFormValues,
  relayState: string,
  error?: string,
) {
  const nonce = newNonce();
  const page = idpInitiatedForm({
    nonce,
    appName: APP_NAME,
    action: IDP_INITIATED_PATH,
    csrf: csrfToken(csrfKey(ctx), binding(browser, sp.connectionId)),
    connectionId: sp.connectionId,
    acsUrl: sp.acsUrl,
    relayState,
    values,
    error,
  });
  send(res, status, page, hostedPageHeaders(nonce));
}

function unknownConnection(res: AnyResponse): void {
  render(
    res,
    404,
    'Unknown connection',
    'An IdP-initiated login needs the id of an IDP_SIMULATOR connection of this environment.',
  );
}

const binding = (browser: string, connectionId: string): string =>
  csrfBinding('idp-simulator-idp-initiated', browser, connectionId);

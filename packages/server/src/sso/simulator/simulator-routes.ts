// The simulator's HTTP surface: GET /sso/simulator/metadata (IdP metadata), GET /sso/simulator/saml
// (the redirect binding: the AuthnRequest is checked, then the form is shown), POST on the same path
// without a CSRF field (the POST binding: the same, from the posted fields), and POST with one (the
// form: CSRF checked, the request checked again — nothing is kept between the two — and the signed
// answer auto-posted to the connection's ACS). /sso/simulator/idp-initiated is the
// IdP-initiated start (simulator-idp-initiated.ts).
//
// CSRF matters here: a forged POST would sign in the victim's browser as a user the attacker chose.
// The token is bound to a per-browser cookie (SameSite=Lax, so a cross-site POST never carries it)
// and to the SAMLRequest being answered.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../app-context.ts';
import { csrfBinding, csrfToken } from '../../hosted/csrf.ts';
import { hostedPageHeaders, newNonce } from '../../hosted/security-headers.ts';
import type { AnyRequest, AnyResponse } from '../../http/respond.ts';
import { BadAuthnRequest, readAuthnRequest, type SimulatorAuthnRequest } from './simulator-authn-request.ts';
import { BadSimulatorForm, readSimulatorForm } from './simulator-form.ts';
import { SIMULATOR_PATH, serveSimulatorMetadata, simulatorEndpoints } from './simulator-metadata.ts';
import { simulatorKeys } from './simulator-keys.ts';
import {
  DEFAULT_FORM_VALUES,
  samlResponsePage,
  simulatorForm,
  submittedValues,
  type SimulatorFormValues,
} from './simulator-page.ts';
import { buildSamlResponse } from './simulator-response.ts';
import { resolveSp, type SimulatorSp } from './simulator-sp.ts';
import {
  APP_NAME,
  autoPostHeaders,
  csrfKey,
  checkCsrf,
  ensureBrowserCookie,
  readSimulatorBody,
  render,
  send,
} from './simulator-http.ts';
import { IDP_INITIATED_PATH, idpInitiatedUrl, serveIdpInitiated } from './simulator-idp-initiated.ts';

/** SAML bindings cap RelayState at 80 bytes. */
const MAX_RELAY_STATE_BYTES = 80;

export function isSimulatorPath(path: string): boolean {
  return path === SIMULATOR_PATH || path.startsWith(`${SIMULATOR_PATH}/`);
}

export async function serveSimulator(
  ctx: AppContext,
  req: AnyRequest,
  res: AnyResponse,
  path: string,
  search: string,
): Promise<void> {
  const sso = `${SIMULATOR_PATH}/saml`;
  if (path === `${SIMULATOR_PATH}/metadata` && req.method === 'GET') return serveSimulatorMetadata(ctx, res);
  if (path === sso && req.method === 'GET') {
    const query = new URLSearchParams(search);
    return showForm(
      ctx,
      req,
      res,
      query.get('SAMLRequest') ?? undefined,
      query.get('RelayState') ?? undefined,
    );
  }
  if (path === sso && req.method === 'POST') {
    const fields = await readSimulatorBody(req, res);
    if (!fields) return;
    // An SP's page posting an AuthnRequest carries no CSRF token; the simulator's own form always does.
    if (fields.csrf === undefined) return showForm(ctx, req, res, fields.SAMLRequest, fields.RelayState);
    return answer(ctx, req, res, fields);
  }
  if (path === IDP_INITIATED_PATH) return serveIdpInitiated(ctx, req, res, new URLSearchParams(search));
  return render(res, 404, 'Not found', 'The IdP simulator has no such page.');
}

interface CheckedRequest {
  samlRequest: string;
  relayState: string;
  request: SimulatorAuthnRequest;
  sp: SimulatorSp;
}

async function checkRequest(
  ctx: AppContext,
  samlRequest: string | undefined,
  relayState: string | undefined,
) {
  if (Buffer.byteLength(relayState ?? '') > MAX_RELAY_STATE_BYTES) {
    throw new BadAuthnRequest(`RelayState is longer than ${MAX_RELAY_STATE_BYTES} bytes`);
  }
  const request = readAuthnRequest(samlRequest ?? null);
  const sp = await resolveSp(ctx, request);
  return { samlRequest: samlRequest!, relayState: relayState ?? '', request, sp } satisfies CheckedRequest;
}

async function showForm(
  ctx: AppContext,
  req: AnyRequest,
  res: AnyResponse,
  samlRequest: string | undefined,
  relayState: string | undefined,
) {
  let checked: CheckedRequest;
  try {
    checked = await checkRequest(ctx, samlRequest, relayState);
  } catch (error) {
    if (error instanceof BadAuthnRequest) return render(res, 400, 'SAML request refused', error.message);
    throw error;
  }
  const browser = ensureBrowserCookie(ctx, req, res);
  return renderForm(ctx, res, 200, checked, browser, DEFAULT_FORM_VALUES);
}

async function answer(ctx: AppContext, req: AnyRequest, res: AnyResponse, posted: Record<string, string>) {
  const form = checkCsrf(
    ctx,
    req,
    res,
    posted,
    (browser, fields) => binding(browser, fields.SAMLRequest ?? ''),
    'Start the sign-in again from the application.',
  );
  if (!form) return;
  const { fields, browser } = form;
  const samlRequest = fields.SAMLRequest ?? '';
  let checked: CheckedRequest;
  try {
    checked = await checkRequest(ctx, samlRequest, fields.RelayState);
  } catch (error) {
    if (error instanceof BadAuthnRequest) return render(res, 400, 'SAML request refused', error.message);
    throw error;
  }
  let input: ReturnType<typeof readSimulatorForm>;
  try {
    input = readSimulatorForm(fields);
  } catch (error) {
    if (!(error instanceof BadSimulatorForm)) throw error;
    const values = { ...DEFAULT_FORM_VALUES, ...submittedValues(fields) };
    return renderForm(ctx, res, 400, checked, browser, values, error.message);
  }
  const samlResponse = buildSamlResponse({
    sp: checked.sp,
    idpEntityId: simulatorEndpoints(ctx.config.publicUrl).entityId,
    keys: await simulatorKeys(ctx),
    inResponseTo: checked.request.id,
    ...input,
  });
  const nonce = newNonce();
  const page = samlResponsePage({
    nonce,
    appName: APP_NAME,
    acsUrl: checked.sp.acsUrl,
    samlResponse,
    relayState: checked.relayState,
  });
  send(res, 200, page, await autoPostHeaders(ctx, nonce, checked.sp.acsUrl));
}

function renderForm(
  ctx: AppContext,
  res: AnyResponse,
  status: number,
  checked: CheckedRequest,
  browser: string,
  values: SimulatorFormValues,
  error?: string,
) {
  const nonce = newNonce();
  const page = simulatorForm({
    nonce,
    appName: APP_NAME,
    action: `${SIMULATOR_PATH}/saml`,
    csrf: csrfToken(csrfKey(ctx), binding(browser, checked.samlRequest)),
    samlRequest: checked.samlRequest,
    relayState: checked.relayState,
    acsUrl: checked.sp.acsUrl,
    idpInitiatedUrl: idpInitiatedUrl(checked.sp.connectionId),
    values,
    error,
  });
  send(res, status, page, hostedPageHeaders(nonce));
}

// The request is hashed so the binding stays short whatever its size.
const binding = (browser: string, samlRequest: string): string =>
  csrfBinding('idp-simulator', browser, createHash('sha256').update(samlRequest).digest('base64url'));

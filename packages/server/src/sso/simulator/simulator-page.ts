// The simulator's pages, built from the hosted page kit: the form where the developer types the
// user and picks an outcome (answering an AuthnRequest, or starting an IdP-initiated login), and
// the auto-posting form that carries the SAMLResponse to the ACS (hosted/ui/auto-post-page.ts: one
// nonce'd script presses "Continue"; without script the button is there to press).
import { errorAlert, inputField, postForm, submitButton } from '../../hosted/ui/components.ts';
import { autoPostPage } from '../../hosted/ui/auto-post-page.ts';
import { layout, type PageBase } from '../../hosted/ui/layout.ts';
import { html, safeUrl } from '../../util/html.ts';
import { SIMULATOR_OUTCOMES, type SimulatorOutcome } from './simulator-response.ts';

const OUTCOME_LABELS: Record<SimulatorOutcome, string> = {
  success: 'Success: a valid, signed assertion',
  expired: 'Error: expired assertion',
  wrong_audience: 'Error: assertion for another audience',
  unsigned: 'Error: unsigned assertion',
  idp_error: 'Error: the IdP answers with an error status',
};

export interface SimulatorFormValues {
  email: string;
  first_name: string;
  last_name: string;
  groups: string;
  attributes: string;
  outcome: string;
}

export interface SimulatorFormProps extends PageBase {
  action: string;
  csrf: string;
  samlRequest: string;
  relayState: string;
  /** The SP (connection) the answer goes to, shown so the developer knows where they are going. */
  acsUrl: string;
  /** The simulator's IdP-initiated start for the same connection, linked from the form. */
  idpInitiatedUrl: string;
  values: SimulatorFormValues;
  error?: string;
}

export const DEFAULT_FORM_VALUES: SimulatorFormValues = {
  email: 'ada.lovelace@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace',
  groups: '',
  attributes: '',
  outcome: 'success',
};

export function simulatorForm(p: SimulatorFormProps): string {
  const fields = html`<input type="hidden" name="SAMLRequest" value="${p.samlRequest}" />
    <input type="hidden" name="RelayState" value="${p.relayState}" />
    ${userFields(p.values, p.error)} ${submitButton('Sign in')}`;
  const body = html`<p class="message">Answering the SAML request for <code>${p.acsUrl}</code>.</p>
    ${errorAlert(p.error)} ${postForm(p.action, p.csrf, fields)}
    <p class="message">
      Or <a href="${safeUrl(p.idpInitiatedUrl)}">start an IdP-initiated login</a> for this connection.
    </p>`;
  return layout({ ...p, title: 'IdP simulator', body });
}

export interface IdpInitiatedFormProps extends PageBase {
  action: string;
  csrf: string;
  connectionId: string;
  acsUrl: string;
  relayState: string;
  values: SimulatorFormValues;
  error?: string;
}

/** The IdP-initiated start: the same user form, and the RelayState the IdP would send along. */
export function idpInitiatedForm(p: IdpInitiatedFormProps): string {
  const fields = html`<input type="hidden" name="connection_id" value="${p.connectionId}" />
    ${userFields(p.values, p.error)}
    ${inputField({ id: 'relay_state', name: 'RelayState', label: 'RelayState (optional)', type: 'text', autocomplete: 'off', value: p.relayState, hint: 'Passed to the application as relay_state; at most 80 bytes' })}
    ${submitButton('Sign in')}`;
  const body = html`<p class="message">
      An unsolicited response, as from an IdP's app dashboard, to <code>${p.acsUrl}</code>.
    </p>
    ${errorAlert(p.error)} ${postForm(p.action, p.csrf, fields)}`;
  return layout({ ...p, title: 'IdP simulator: IdP-initiated login', body });
}

/** The user and outcome fields both forms share. */
function userFields(v: SimulatorFormValues, error: string | undefined) {
  const outcomes = SIMULATOR_OUTCOMES.map(
    (outcome) =>
      html`<option value="${outcome}" ${outcome === v.outcome ? 'selected' : ''}>
        ${OUTCOME_LABELS[outcome]}
      </option>`,
  );
  return html`${inputField({ id: 'email', name: 'email', label: 'Email (NameID)', type: 'email', autocomplete: 'off', value: v.email, required: true, autofocus: true, invalid: Boolean(error) })}
    <div class="field-row">
      ${inputField({ id: 'first_name', name: 'first_name', label: 'First name', type: 'text', autocomplete: 'off', value: v.first_name })}
      ${inputField({ id: 'last_name', name: 'last_name', label: 'Last name', type: 'text', autocomplete: 'off', value: v.last_name })}
    </div>
    ${inputField({ id: 'groups', name: 'groups', label: 'Groups', type: 'text', autocomplete: 'off', value: v.groups, hint: 'Comma-separated, e.g. admins, engineering' })}
    <div class="field">
      <label for="attributes">Extra attributes</label>
      <textarea id="attributes" name="attributes" rows="3" aria-describedby="attributes-hint">
${v.attributes}</textarea>
      <p class="hint" id="attributes-hint">One per line: name=value (repeat a name for several values)</p>
    </div>
    <div class="field">
      <label for="outcome">Outcome</label>
      <select id="outcome" name="outcome">
        ${outcomes}
      </select>
    </div>`;
}

/** The form values a refused post had, to show them again. */
export function submittedValues(fields: Record<string, string>): Partial<SimulatorFormValues> {
  const keys = ['email', 'first_name', 'last_name', 'groups', 'attributes', 'outcome'] as const;
  return Object.fromEntries(keys.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]!]));
}

export interface SamlResponsePageProps extends PageBase {
  acsUrl: string;
  samlResponse: string;
  relayState: string;
}

/** The simulator's answer on its way to the ACS (hosted/ui/auto-post-page.ts). */
export function samlResponsePage(p: SamlResponsePageProps): string {
  return autoPostPage({
    nonce: p.nonce,
    appName: p.appName,
    title: 'Signing in',
    message: 'Returning to the application…',
    action: p.acsUrl,
    fields: { SAMLResponse: p.samlResponse, RelayState: p.relayState },
  });
}

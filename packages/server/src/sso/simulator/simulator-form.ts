// The simulator form's fields, validated before anything is signed: a real email, short names,
// at most a few dozen groups and attributes, and one of the known outcomes.
import { z } from 'zod';
import { SIMULATOR_OUTCOMES, type SimulatedUser, type SimulatorOutcome } from './simulator-response.ts';

const MAX_VALUES = 50;
const NAME = /^[A-Za-z_][\w.:/-]{0,127}$/;

const text = (max: number) => z.string().trim().max(max);

const FormSchema = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  first_name: text(100),
  last_name: text(100),
  groups: text(4000),
  attributes: z.string().max(8000),
  outcome: z.enum(SIMULATOR_OUTCOMES),
});

export class BadSimulatorForm extends Error {
  override readonly name = 'BadSimulatorForm';
}

export function readSimulatorForm(fields: Record<string, string>): {
  user: SimulatedUser;
  outcome: SimulatorOutcome;
} {
  const parsed = FormSchema.safeParse({
    email: fields.email ?? '',
    first_name: fields.first_name ?? '',
    last_name: fields.last_name ?? '',
    groups: fields.groups ?? '',
    attributes: fields.attributes ?? '',
    outcome: fields.outcome ?? '',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadSimulatorForm(`${String(issue?.path[0] ?? 'form')}: ${issue?.message ?? 'invalid'}`);
  }
  const f = parsed.data;
  const groups = f.groups
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  if (groups.length > MAX_VALUES) throw new BadSimulatorForm(`groups: at most ${MAX_VALUES}`);
  return {
    user: {
      email: f.email,
      firstName: f.first_name,
      lastName: f.last_name,
      groups,
      attributes: readAttributes(f.attributes),
    },
    outcome: f.outcome,
  };
}

/** "name=value" lines; a repeated name collects several values. */
function readAttributes(textArea: string): Record<string, string[]> {
  const attributes = new Map<string, string[]>();
  let count = 0;
  for (const line of textArea.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    const name = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!NAME.test(name)) {
      throw new BadSimulatorForm(`attributes: "${line.slice(0, 40)}" is not name=value with a simple name`);
    }
    if (++count > MAX_VALUES) throw new BadSimulatorForm(`attributes: at most ${MAX_VALUES} values`);
    attributes.set(name, [...(attributes.get(name) ?? []), line.slice(eq + 1).trim()]);
  }
  // fromEntries defines own properties, so no name reaches the prototype.
  return Object.fromEntries(attributes);
}

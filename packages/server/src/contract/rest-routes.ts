// The REST route table, built at start-up from every method's google.api.http bindings. Routes are
// tried most-literal first, so `/users:this` wins over `/users/{id}`.
import { httpBindings, type HttpBinding } from './http-rule.ts';
import type { MethodEntry } from './service-registry.ts';

export interface RestRoute {
  entry: MethodEntry;
  binding: HttpBinding;
  pattern: RegExp;
  /** Request field paths (proto names, dotted) bound to the pattern's capture groups, in order. */
  params: string[];
  literalLength: number;
  /** The template's text before its first variable, and its number of '/': cheap pre-checks. */
  prefix: string;
  slashes: number;
}

export interface RestMatch {
  route: RestRoute;
  pathParams: Map<string, string>;
}

export class RestRouter {
  private readonly byVerb = new Map<string, RestRoute[]>();
  /** Paths any verb can serve, to answer 405-style mismatches as 404 without scanning twice. */
  readonly routes: RestRoute[] = [];

  constructor(entries: MethodEntry[]) {
    for (const entry of entries) {
      for (const binding of httpBindings(entry.method)) {
        const route = compile(entry, binding);
        this.routes.push(route);
        const list = this.byVerb.get(binding.verb) ?? [];
        list.push(route);
        this.byVerb.set(binding.verb, list);
      }
    }
    for (const list of this.byVerb.values()) list.sort((a, b) => b.literalLength - a.literalLength);
  }

  match(verb: string, path: string): RestMatch | undefined {
    const list = this.byVerb.get(verb);
    if (!list) return undefined;
    // Variables never span a '/', so only templates with as many slashes can match.
    const slashes = countSlashes(path);
    for (const route of list) {
      if (route.slashes !== slashes || !path.startsWith(route.prefix)) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const pathParams = new Map<string, string>();
      for (let i = 0; i < route.params.length; i++) {
        const raw = m[i + 1] ?? '';
        let value: string;
        try {
          value = decodeURIComponent(raw);
        } catch {
          return undefined;
        }
        pathParams.set(route.params[i] as string, value);
      }
      return { route, pathParams };
    }
    return undefined;
  }
}

function compile(entry: MethodEntry, binding: HttpBinding): RestRoute {
  const params: string[] = [];
  let literalLength = 0;
  let slashes = 0;
  const source = binding.path.replace(
    /\{([a-z0-9_.]+)(?:=[^}]*)?\}|[^{]+/gi,
    (part, name: string | undefined) => {
      if (name) {
        params.push(name);
        return '([^/]+)';
      }
      literalLength += part.length;
      slashes += countSlashes(part);
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    },
  );
  const brace = binding.path.indexOf('{');
  return {
    entry,
    binding,
    pattern: new RegExp(`^${source}$`),
    params,
    literalLength,
    prefix: brace < 0 ? binding.path : binding.path.slice(0, brace),
    slashes,
  };
}

function countSlashes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) n++;
  return n;
}

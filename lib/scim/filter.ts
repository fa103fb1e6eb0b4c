// SCIM filters (RFC 7644 §3.4.2.2), parsed and matched by the SCIMMY library. This module
// only adds what the library leaves to its user:
//  - attribute names are checked against the resource's schema (unknown ones are a 400),
//  - comparisons honour each attribute's caseExact (userName and emails.value compare
//    case-insensitively, externalId and id exactly), by folding both sides first,
//  - equality terms on indexed columns are pulled out so the database can narrow the rows.
import 'server-only';
import { Types } from 'scimmy';
import { badRequest } from '@/lib/scim/errors';

type Definition = InstanceType<typeof Types.SchemaDefinition>;
type Branch = Record<string, unknown>;
type Expression = unknown[];

const COMPARATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le', 'pr', 'np']);
const MAX_FILTER_LENGTH = 1000;

export interface ParsedFilter {
  branches: Branch[];
  definition: Definition;
}

const isExpressionList = (value: unknown[]): value is Expression[] => value.length > 0 && value.every(Array.isArray);

/** The attribute definition for a dotted path, or null when the schema has none. */
function attributeAt(definition: Definition, path: string): { type?: unknown; config?: { caseExact?: boolean } } | null {
  try {
    return definition.attribute(path) as unknown as { type?: unknown; config?: { caseExact?: boolean } };
  } catch {
    return null;
  }
}

function caseInsensitive(definition: Definition, path: string, cache: Map<string, boolean>): boolean {
  let known = cache.get(path);
  if (known === undefined) {
    const attribute = attributeAt(definition, path);
    known = !!attribute && String(attribute.type) === 'string' && attribute.config?.caseExact !== true;
    cache.set(path, known);
  }
  return known;
}

function checkExpression(path: string, expression: Expression, raw: string): void {
  const parts = expression[0] === 'not' ? expression.slice(1) : expression;
  const comparator = String(parts[0] ?? '').toLowerCase();
  if (!COMPARATORS.has(comparator)) throw badRequest('invalidFilter', `The filter "${raw}" uses an unknown operator for ${path}.`);
  if (comparator !== 'pr' && comparator !== 'np' && parts.length < 2) {
    throw badRequest('invalidFilter', `The filter "${raw}" has no value to compare ${path} with.`);
  }
}

function checkBranch(definition: Definition, branch: Branch, prefix: string, raw: string): void {
  for (const [key, value] of Object.entries(branch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!attributeAt(definition, path)) throw badRequest('invalidFilter', `The filter "${raw}" names ${path}, which this resource does not have.`);
    if (Array.isArray(value)) {
      for (const expression of isExpressionList(value) ? value : [value]) checkExpression(path, expression, raw);
    } else if (value && typeof value === 'object') {
      checkBranch(definition, value as Branch, path, raw);
    } else {
      throw badRequest('invalidFilter', `The filter "${raw}" could not be understood.`);
    }
  }
}

export function parseFilter(expression: string, definition: Definition): ParsedFilter {
  const raw = expression.trim();
  if (!raw) throw badRequest('invalidFilter', 'The filter is empty.');
  if (raw.length > MAX_FILTER_LENGTH) throw badRequest('invalidFilter', `The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  // SCIMMY distributes "not" over a parenthesised "or" without swapping it for "and", which
  // would answer the wrong question: refuse that form rather than guess.
  if (/\bnot\s*\([^)]*\bor\b/i.test(raw)) throw badRequest('invalidFilter', 'A "not" around an "or" is not supported; write it with "and" instead.');
  let parsed: Types.Filter;
  try {
    parsed = new Types.Filter(raw);
  } catch (error) {
    throw badRequest('invalidFilter', `The filter "${raw}" is not valid: ${error instanceof Error ? error.message : 'syntax error'}.`);
  }
  const branches = [...parsed] as Branch[];
  if (branches.length === 0) throw badRequest('invalidFilter', `The filter "${raw}" is not valid.`);
  for (const branch of branches) checkBranch(definition, branch, '', raw);
  return { branches, definition };
}

function foldExpression(expression: Expression, fold: boolean): Expression {
  if (!fold) return expression;
  const last = expression[expression.length - 1];
  return typeof last === 'string' && expression.length > 1 ? [...expression.slice(0, -1), last.toLowerCase()] : expression;
}

function foldBranch(branch: Branch, prefix: string, definition: Definition, cache: Map<string, boolean>): Branch {
  const out: Branch = {};
  for (const [key, value] of Object.entries(branch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) {
      const fold = caseInsensitive(definition, path, cache);
      out[key] = isExpressionList(value) ? value.map((e) => foldExpression(e, fold)) : foldExpression(value, fold);
    } else {
      out[key] = foldBranch(value as Branch, path, definition, cache);
    }
  }
  return out;
}

function foldResource(value: unknown, path: string, definition: Definition, cache: Map<string, boolean>): unknown {
  if (Array.isArray(value)) return value.map((v) => foldResource(v, path, definition, cache));
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, foldResource(v, path ? `${path}.${k}` : k, definition, cache)]));
  }
  return typeof value === 'string' && caseInsensitive(definition, path, cache) ? value.toLowerCase() : value;
}

/** The items whose SCIM representation (`view`) the filter selects, in their original order. */
export function applyFilter<T>(filter: ParsedFilter, items: T[], view: (item: T) => object): T[] {
  const cache = new Map<string, boolean>();
  const folded = items.map((item) => foldResource(view(item), '', filter.definition, cache) as object);
  // One matcher per "or" branch, tried item by item: SCIMMY throws when a complex attribute
  // the branch names is absent from an item, which only means that branch does not match.
  const branches = filter.branches.map((b) => new Types.Filter([foldBranch(b, '', filter.definition, cache)]));
  const matches = (item: object) =>
    branches.some((branch) => {
      try {
        return branch.match([item]).length > 0;
      } catch {
        return false;
      }
    });
  return items.filter((_, i) => matches(folded[i]!));
}

/**
 * For each "or" branch, the string values it requires by equality on the given top-level
 * attributes (e.g. userName eq "x"). Null when some branch has none of them: then every row
 * must be looked at.
 */
export function equalityTerms(filter: ParsedFilter, attributes: readonly string[]): Record<string, string>[] | null {
  const terms: Record<string, string>[] = [];
  for (const branch of filter.branches) {
    const found: Record<string, string> = {};
    for (const [key, value] of Object.entries(branch)) {
      const attribute = attributes.find((a) => a.toLowerCase() === key.toLowerCase());
      if (!attribute || !Array.isArray(value) || isExpressionList(value)) continue;
      if (String(value[0]).toLowerCase() === 'eq' && typeof value[1] === 'string') found[attribute] = value[1];
    }
    if (Object.keys(found).length === 0) return null;
    terms.push(found);
  }
  return terms;
}

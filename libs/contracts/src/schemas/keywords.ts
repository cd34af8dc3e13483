import Big from 'big.js';
import type { FuncKeywordDefinition, JSONType, SchemaValidateFunction } from 'ajv';
import { parseRfc3339Ms } from '../timestamps';

/**
 * Cross-field rules that plain JSON Schema states badly (`oneOf`/`if` produce a cascade of
 * "must match schema" errors). Each keyword reports one readable error per violation, at
 * the path of the field to fix, so `parseReferenceDocument` can return them all at once.
 *
 * Each keyword checks only its own rule and stays silent when a field it reads is absent or
 * malformed: the field's own schema reports that, and repeating it would bury the cause.
 */

type JsonObject = Record<string, unknown>;

interface Violation {
  /** JSON pointer relative to the data the keyword sits on; undefined = that data. */
  pointer?: string;
  message: string;
}

/** `D` is what Ajv guarantees the data to be, having checked `type` before calling. */
function defineKeyword<S, D>(
  keyword: string,
  type: JSONType,
  schemaType: JSONType,
  check: (schema: S, data: D, parentData: unknown) => Violation[],
): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (schema: S, data: D, _parentSchema, cxt) => {
    const violations = check(schema, data, cxt?.parentData);
    validate.errors = violations.map((v) => ({
      keyword,
      message: v.message,
      params: {},
      instancePath: v.pointer === undefined ? undefined : `${cxt?.instancePath ?? ''}${v.pointer}`,
    }));
    return violations.length === 0;
  };
  return { keyword, type, schemaType, errors: true, validate };
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** `laterThan: "startedAt"` on a timestamp: strictly after the sibling timestamp. */
const laterThan = defineKeyword<string, string>('laterThan', 'string', 'string', (sibling, data, parent) => {
  const other = (parent as JsonObject | undefined)?.[sibling];
  if (typeof other !== 'string') return [];
  const thisMs = parseRfc3339Ms(data);
  const otherMs = parseRfc3339Ms(other);
  if (thisMs === null || otherMs === null || thisMs > otherMs) return [];
  return [{ message: `must be later than ${sibling}` }];
});

/** `exactlyOneOf: ["unitPrice", "tiers"]`: null counts as absent. */
const exactlyOneOf = defineKeyword<string[], JsonObject>('exactlyOneOf', 'object', 'array', (names, data) => {
  const present = names.filter((name) => isSet(data[name]));
  if (present.length === 1) return [];
  if (present.length === 0) return [{ message: `must set one of ${names.join(', ')}` }];
  return [{ message: `must set only one of ${present.join(', ')}` }];
});

/** `presentTogether: ["tiers", "tierMode"]`: all set, or all absent/null. */
const presentTogether = defineKeyword<string[], JsonObject>('presentTogether', 'object', 'array', (names, data) => {
  const present = names.filter((name) => isSet(data[name]));
  if (present.length === 0 || present.length === names.length) return [];
  return names
    .filter((name) => !present.includes(name))
    .map((name) => ({ pointer: `/${name}`, message: `is required when ${present.join(', ')} is set` }));
});

interface RequiredExactlyWhen {
  property: string;
  whenProperty: string;
  equals: string;
}

/** The property is set when `whenProperty` equals the value, and null/absent otherwise. */
const requiredExactlyWhen = defineKeyword<RequiredExactlyWhen, JsonObject>(
  'requiredExactlyWhen',
  'object',
  'object',
  ({ property, whenProperty, equals }, data) => {
    const applies = data[whenProperty] === equals;
    if (applies === isSet(data[property])) return [];
    const message = applies
      ? `is required when ${whenProperty} is ${equals}`
      : `must be null unless ${whenProperty} is ${equals}`;
    return [{ pointer: `/${property}`, message }];
  },
);

/**
 * `ascendingTiers: true` on a tier list: bounds strictly ascend and only the last tier is
 * open-ended. Otherwise a GPU-hour could fall in two tiers or in none, and the tiered
 * amount would depend on how the rating code happens to walk the list.
 */
const ascendingTiers = defineKeyword<true, unknown[]>('ascendingTiers', 'array', 'boolean', (_schema, tiers) => {
  const violations: Violation[] = [];
  const last = tiers.length - 1;
  let previous: Big | null = null;
  tiers.forEach((tier, index) => {
    if (typeof tier !== 'object' || tier === null) return;
    const bound = (tier as JsonObject).upToGpuHours;
    const pointer = `/${index}/upToGpuHours`;
    if (index === last) {
      if (bound !== null) violations.push({ pointer, message: 'must be null: the last tier is open-ended' });
      return;
    }
    if (bound === null) {
      violations.push({ pointer, message: 'must be set: only the last tier is open-ended' });
      previous = null;
      return;
    }
    if (typeof bound !== 'string' || !DECIMAL.test(bound)) {
      previous = null;
      return;
    }
    const current = new Big(bound);
    if (previous !== null && !current.gt(previous)) {
      violations.push({ pointer, message: `must be greater than the previous tier's ${previous.toString()}` });
    }
    previous = current;
  });
  return violations;
});

/** `uniqueBy: ["gpuModel", "pricingClass"]` on an array of objects: no two items share the key. */
const uniqueBy = defineKeyword<string[], unknown[]>('uniqueBy', 'array', 'array', (names, items) => {
  const violations: Violation[] = [];
  const firstIndexByKey = new Map<string, number>();
  items.forEach((item, index) => {
    if (typeof item !== 'object' || item === null) return;
    const key = JSON.stringify(names.map((name) => (item as JsonObject)[name]));
    const first = firstIndexByKey.get(key);
    if (first === undefined) {
      firstIndexByKey.set(key, index);
      return;
    }
    violations.push({ pointer: `/${index}`, message: `repeats item ${first}: same ${names.join(' and ')}` });
  });
  return violations;
});

export const CONTRACT_KEYWORDS: readonly FuncKeywordDefinition[] = [
  laterThan,
  exactlyOneOf,
  presentTogether,
  requiredExactlyWhen,
  ascendingTiers,
  uniqueBy,
];

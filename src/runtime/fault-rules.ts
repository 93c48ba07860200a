import { validateHeaderName, validateHeaderValue } from 'node:http';
import { compileMatcher, type MatchSubject } from './matcher.js';
import type { OpenAPIV3 } from 'openapi-types';
import type { FaultEffectInput, FaultRule, FaultRuleRequest, Problem } from '../control/types.js';

/** How many rules may exist at once; adding more is refused until some are cleared. */
export const MAX_FAULT_RULES = 1000;

/** Which fields each effect type takes besides `type`, and which of them it requires. */
export type EffectFields = ReadonlyMap<string, { allowed: readonly string[]; required: readonly string[] }>;

/**
 * Reads the effect types' fields from the spec's FaultEffect schema, a `oneOf` of one object
 * schema per type (dereferenced: the members are inline, each with its `type` enum of one).
 */
export function effectFieldsOf(spec: OpenAPIV3.Document): EffectFields {
  const members = (spec.components?.schemas?.FaultEffect as OpenAPIV3.SchemaObject | undefined)?.oneOf;
  if (!members) throw new Error('the OpenAPI document has no FaultEffect oneOf');
  return new Map(members.map((member) => {
    const { properties = {}, required = [] } = member as OpenAPIV3.SchemaObject;
    const type = ((properties.type as OpenAPIV3.SchemaObject | undefined)?.enum ?? [])[0] as string;
    const others = (names: string[]) => names.filter((f) => f !== 'type');
    return [type, { allowed: others(Object.keys(properties)), required: others(required) }];
  }));
}

/**
 * What the request validator is not asked to check (the request schema is FaultEffectInput, every
 * field of every type), so that the 400 can name the field and the type: which fields go with
 * which type, and whether the headers of a `respond` effect can be sent at all. An effect without
 * problems is a FaultEffect.
 */
export function checkFaultEffect(effect: FaultEffectInput, effectFields: EffectFields): Problem[] {
  const fields = effectFields.get(effect.type) ?? { allowed: [], required: [] };
  const given = Object.keys(effect).filter((k) => k !== 'type');
  const problems = [
    ...fields.required.filter((f) => !given.includes(f)).map((f) => ({ path: `/body/effect/${f}`, message: `is required for a ${effect.type} effect` })),
    ...given.filter((f) => !fields.allowed.includes(f)).map((f) => ({ path: `/body/effect/${f}`, message: `does not apply to a ${effect.type} effect` })),
  ];
  for (const [name, value] of Object.entries((effect.type === 'respond' && effect.headers) || {})) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (err) {
      problems.push({ path: `/body/effect/headers/${name}`, message: (err as Error).message });
    }
  }
  return problems;
}

interface LiveRule {
  rule: FaultRule;
  matches: (s: MatchSubject) => boolean;
}

/**
 * The fault rules, in the order they were added. A request gets the effect of the first rule
 * that matches it and has uses left; each use counts down `remaining` and up `hits`. Used-up
 * rules stay listed (with `remaining: 0`) until cleared, so tests can check they fired.
 */
export class FaultRules {
  #rules: LiveRule[] = [];
  #nextId = 1;

  get size(): number {
    return this.#rules.length;
  }

  /** Adds a rule; undefined when MAX_FAULT_RULES already exist. */
  add(input: FaultRuleRequest, now = Date.now()): FaultRule | undefined {
    if (this.#rules.length >= MAX_FAULT_RULES) return undefined;
    const times = input.times ?? null;
    const rule: FaultRule = {
      id: this.#nextId++,
      match: input.match ?? {},
      times,
      remaining: times,
      hits: 0,
      effect: input.effect,
      createdAt: new Date(now).toISOString(),
    };
    this.#rules.push({ rule, matches: compileMatcher(rule.match) });
    return structuredClone(rule);
  }

  /** The rules, oldest first; with `sandbox`, only the rules limited to that sandbox. */
  list(sandbox?: string): FaultRule[] {
    return this.#rules.filter((r) => sandbox === undefined || r.rule.match.sandbox === sandbox).map((r) => structuredClone(r.rule));
  }

  /** Removes the rule with this id; false when there is none. */
  remove(id: number): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.rule.id !== id);
    return this.#rules.length < before;
  }

  /** Removes every rule, or only the rules limited to one sandbox. */
  clear(sandbox?: string): void {
    this.#rules = sandbox === undefined ? [] : this.#rules.filter((r) => r.rule.match.sandbox !== sandbox);
  }

  /** Uses up one application of the first rule that matches, and returns it. */
  take(subject: MatchSubject): FaultRule | undefined {
    for (const live of this.#rules) {
      const { rule } = live;
      if (rule.remaining === 0 || !live.matches(subject)) continue;
      if (rule.remaining !== null) rule.remaining--;
      rule.hits++;
      return rule;
    }
    return undefined;
  }
}

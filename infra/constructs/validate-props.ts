import type { ResolvedConveyorQueueProps } from './conveyor-queue-props-interface.js';
import { ConveyorConstructError } from './errors.js';
import { PROP_SPEC_ENTRIES } from './prop-specs.js';

type PropKey = keyof ResolvedConveyorQueueProps;

/**
 * One synth-time rule: `check` returns the allowed-range text when the value
 * is invalid, or undefined when it is valid (or not checkable yet).
 */
interface PropRule {
  /** The prop named first in the error. */
  readonly prop: PropKey;
  /**
   * Returns `undefined` when valid; otherwise the problem, starting with `name`, the name the prop
   * goes by in the message (the prop itself for the construct, its path in `conveyor.config.ts`).
   */
  readonly check: (p: ResolvedConveyorQueueProps, name: string) => string | undefined;
}

/** A rule that resolved props break: the prop it is about, and what is wrong. */
export interface PropProblem {
  /** The prop the rule checks. */
  readonly prop: PropKey;
  /** The rule's text, e.g. `batchSize must be an integer between 1 and 10000 (got 0)`. */
  readonly problem: string;
}

/**
 * The validation table: every rule of `PROP_SPECS`, in table order. A rule runs only
 * when its prop is set, so an unset optional prop (no `maxConcurrency`) passes.
 */
export const PROP_RULES: readonly PropRule[] = PROP_SPEC_ENTRIES.flatMap(([prop, spec]) =>
  spec.rules.map(
    (rule): PropRule => ({
      prop,
      check: (p, name) => (p[prop] === undefined ? undefined : rule(p[prop] as never, p, name)),
    }),
  ),
);

/**
 * The first rule of `PROP_RULES`, in table order, that resolved props break, or undefined when they
 * keep them all. `nameOf` gives the name each prop goes by in the problem's text (by default the
 * prop's own name).
 */
export function findPropProblem(props: ResolvedConveyorQueueProps, nameOf: (prop: PropKey) => string = (prop) => prop): PropProblem | undefined {
  for (const rule of PROP_RULES) {
    const problem = rule.check(props, nameOf(rule.prop));
    if (problem !== undefined) return { prop: rule.prop, problem };
  }
  return undefined;
}

/**
 * Checks resolved props against `PROP_RULES`, in table order; `prefix` goes before each prop's name
 * in the message (`queues.orders.` for a queue other than the default).
 * @throws ConveyorConstructError `INVALID_PROP` for the first rule that fails, naming its prop
 */
export function validateConveyorQueueProps(props: ResolvedConveyorQueueProps, prefix = ''): void {
  const found = findPropProblem(props, (prop) => `${prefix}${prop}`);
  if (found !== undefined) throw new ConveyorConstructError('INVALID_PROP', `${prefix}${found.prop}`, `ConveyorQueue: ${found.problem}`);
}

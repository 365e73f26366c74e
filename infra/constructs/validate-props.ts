import type { ResolvedConveyorQueueProps } from './conveyor-queue-props-interface.js';
import { ConveyorConstructError } from './errors.js';
import { PROP_SPEC_ENTRIES } from './prop-specs.js';

/**
 * One synth-time rule: `check` returns the allowed-range text when the value
 * is invalid, or undefined when it is valid (or not checkable yet).
 */
interface PropRule {
  /** The prop named first in the error. */
  readonly prop: keyof ResolvedConveyorQueueProps;
  /** Returns `undefined` when valid; otherwise the message tail after `ConveyorQueue: `. */
  readonly check: (p: ResolvedConveyorQueueProps) => string | undefined;
}

/**
 * The validation table: every rule of `PROP_SPECS`, in table order. A rule runs only
 * when its prop is set, so an unset optional prop (no `maxConcurrency`) passes.
 */
export const PROP_RULES: readonly PropRule[] = PROP_SPEC_ENTRIES.flatMap(([prop, spec]) =>
  spec.rules.map(
    (rule): PropRule => ({
      prop,
      check: (p) => (p[prop] === undefined ? undefined : rule(p[prop] as never, p, prop)),
    }),
  ),
);

/**
 * Checks resolved props against `PROP_RULES`, in table order.
 * @throws ConveyorConstructError `INVALID_PROP` for the first rule that fails, naming its prop
 */
export function validateConveyorQueueProps(props: ResolvedConveyorQueueProps): void {
  for (const rule of PROP_RULES) {
    const problem = rule.check(props);
    if (problem !== undefined) {
      throw new ConveyorConstructError('INVALID_PROP', rule.prop, `ConveyorQueue: ${problem}`);
    }
  }
}

import { defineRule } from '../../rule';

/** Emitted by the core (not by a check) when a `container-signals-disable…` comment names an unknown rule id. */
export default defineRule({
  meta: {
    id: 'directive/unknown-rule',
    target: 'directive',
    presets: { recommended: 'hint', strict: 'hint' },
    description: 'A container-signals-disable comment names a rule id that does not exist.',
    fixable: false,
    messages: { unknown: 'Unknown rule id "{{id}}" in a container-signals-disable comment.' },
  },
  check() { /* reported by the core while reading directives */ },
});

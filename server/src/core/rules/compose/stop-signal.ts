/** The `stop_signal` value a service writes (shared by compose/invalid-stop-signal and compose/uncatchable-stop-signal). */
import type { ComposeContext } from '../../rule';
import type { ComposeService } from '../../model/compose';
import { YNode, isScalar, nodeSpan, str } from '../../model/yaml';
import { serviceLayers, findKey, reportedElsewhere } from './util';

export interface WrittenSignal { value: string; at: [number, number] }

/** The service's `stop_signal` as Docker reads it, with where it is written; undefined when unset, interpolated or reported on another service. */
export function writtenStopSignal(ctx: ComposeContext, s: ComposeService): WrittenSignal | undefined {
  const found = findKey(serviceLayers(ctx, s), 'stop_signal');
  if (!found || reportedElsewhere(found) || !isScalar(found.value) || found.value.value === null) return undefined;
  const v = str(found.value)?.trim();
  if (v === undefined || v === '' || v.includes('$')) return undefined;
  const at = found.layer.own && found.lookup.own ? nodeSpan(found.lookup.pair.value as YNode)! : nodeSpan(s.key)!;
  return { value: v, at };
}

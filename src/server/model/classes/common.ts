import { D, type DlmsData } from '../../../codec/data';
import { fromTypedJson } from '../../../codec/typed-json';
import { readState, writeState, type ObjectEnv } from '../handler';
import type { DataAccessResultName } from '../results';
import { evaluateSource } from '../sources';
import type { ActionOutcome } from '../types';
import { encodeSourceValue, intOf, sameShape } from '../values';

/** An attribute held as data: the written value if any, else the definition's initial value. */
export function storedOr(env: ObjectEnv, attribute: number, initial: () => DlmsData): DlmsData {
  return readState<DlmsData>(env, attribute) ?? initial();
}

/** Write an attribute held as data after checking its type against the current value. */
export function writeChecked(env: ObjectEnv, attribute: number, current: DlmsData, value: DlmsData): DataAccessResultName {
  if (!sameShape(current, value)) return 'type-unmatched';
  writeState(env, attribute, value);
  return 'success';
}

/** Attribute 2 of Data/Register-like objects: a live source or a static (writable) value. */
export function valueOf(env: ObjectEnv): DlmsData {
  const spec = env.obj.def.value;
  if (!spec) {
    // The logical device name belongs to the logical device, not to a source.
    if (env.obj.obis === '0.0.42.0.0.255') return D.octetString(Buffer.from(env.meter.logicalDeviceName(env.obj.ld), 'latin1'));
    return D.null();
  }
  if ('static' in spec) return storedOr(env, 2, () => fromTypedJson(spec.static));
  const live = encodeSourceValue(evaluateSource(spec.source, env.meter.sourceEnv, env.tMs / 1000), spec.type, env.obj.def.scaler ?? 0, env.meter.utcOffsetMinutes);
  const offset = readState<number>(env, 'reset-offset');
  const n = intOf(live);
  // A clock set back to before a reset must not make the register negative: it stays at 0.
  if (offset !== undefined && n !== undefined) return { ...live, value: Math.max(0, n - offset) } as DlmsData;
  return live;
}

export function isLive(env: ObjectEnv): boolean {
  const spec = env.obj.def.value;
  return spec !== undefined && 'source' in spec;
}

export const noMethod: ActionOutcome = { result: 'object-undefined' };

/** A method that takes `integer(0)` (Blue Book "data ::= integer (0)"); anything else is type-unmatched. */
export function isIntegerZero(params: DlmsData | undefined): boolean {
  return params === undefined || params.type === 'null-data' || (params.type === 'integer' && params.value === 0);
}

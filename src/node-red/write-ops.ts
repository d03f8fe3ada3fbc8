/**
 * dlms-write operations: a plain SET or ACTION on a reference, or a preset that names the usual
 * COSEM object and method (remote disconnect/reconnect, profile capture, register reset, clock sync).
 */
import type { ActionResult, DlmsClient, WriteResult } from '../client/api';
import { parseAttributeRef, parseMethodRef, type AttributeRefInput, type MethodRefInput } from '../client/attribute-ref';
import { normalizeObis } from '../codec/obis';
import { InvalidArgumentError } from '../errors';

export const OPERATIONS = ['set', 'action', 'clock-sync', 'disconnect', 'reconnect', 'capture', 'reset'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const DISCONNECT_CONTROL = '0.0.96.3.10.255';

export interface WriteRequest {
  operation: Operation;
  /** Reference text or object (set, action), OBIS (presets); '' or undefined = none. */
  target: unknown;
  /** Where a target taken per message came from ("msg.target"), for error messages. */
  targetSource?: string;
  /** The value to set, or the method parameters. */
  payload: unknown;
  /** Where the value came from ("msg.payload"), for error messages. */
  valueSource?: string;
  /** Method parameters when given apart from the payload (msg.params). */
  params?: unknown;
}

/** Inject nodes send Date.now() by default: such a number is a trigger, not a parameter. */
const isTimestamp = (v: unknown): boolean => typeof v === 'number' && v >= 1e12;

export type WriteOutcome = WriteResult | ActionResult;

/** Checks the request and returns the client call to run (so errors come before any I/O). */
export function planWrite(req: WriteRequest): (client: DlmsClient) => Promise<WriteOutcome> {
  const op = req.operation;
  const target = targetOf(req.target);
  const where = req.targetSource ? `${req.targetSource} is empty` : 'configure one or send msg.target';
  switch (op) {
    case 'set': {
      if (!target) throw new InvalidArgumentError(`Set needs a target attribute: ${where} (e.g. 3/1.0.1.8.0.255/2)`);
      const ref = parseAttributeRef(target as AttributeRefInput);
      if (req.payload === undefined) throw new InvalidArgumentError(`Set of ${describe(target)} needs a value: ${req.valueSource ?? 'msg.payload'} is empty`);
      return (c) => c.set(ref, req.payload);
    }
    case 'action': {
      if (!target) throw new InvalidArgumentError(`Action needs a target method: ${where} (e.g. 70/0.0.96.3.10.255/1)`);
      const ref = parseMethodRef(target as MethodRefInput);
      const params = req.params !== undefined ? req.params : isTimestamp(req.payload) ? undefined : req.payload;
      return (c) => c.action(ref, params);
    }
    case 'clock-sync':
      return (c) => c.setClock(new Date());
    case 'disconnect':
    case 'reconnect':
      return preset(target || DISCONNECT_CONTROL, 70, op === 'disconnect' ? 1 : 2);
    case 'capture':
      if (!target) throw new InvalidArgumentError(`Capture needs the OBIS of the profile: ${where} (e.g. 1.0.99.1.0.255)`);
      return preset(target, 7, 2);
    case 'reset':
      if (!target) throw new InvalidArgumentError(`Reset needs the OBIS of the register: ${where} (e.g. 1.0.1.6.0.255)`);
      return preset(target, 3, 1);
    default:
      throw new InvalidArgumentError(`Unknown operation '${String(op)}' (use one of ${OPERATIONS.join(', ')})`);
  }
}

/** Trimmed text, an object reference as it is, or '' for none. */
function targetOf(v: unknown): string | object {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return v;
  return String(v).trim();
}

function describe(target: string | object): string {
  return typeof target === 'string' ? target : JSON.stringify(target);
}

/**
 * A preset's method on `target`: an OBIS (the usual class and method), a full class/OBIS/method
 * reference, or an object `{ obis, classId?, method? }` (the preset's class and method fill gaps).
 */
function preset(target: string | object, classId: number, method: number): (c: DlmsClient) => Promise<WriteOutcome> {
  let ref;
  if (typeof target === 'object') ref = parseMethodRef({ classId, method, ...(target as object) } as MethodRefInput);
  else ref = target.includes('/') ? parseMethodRef(target) : { classId, obis: normalizeObis(target), method };
  return (c) => c.action(ref, 0);
}

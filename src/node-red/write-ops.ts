/**
 * dlms-write operations: a plain SET or ACTION on a reference, or a preset that names the usual
 * COSEM object and method (remote disconnect/reconnect, profile capture, register reset, clock sync).
 */
import type { ActionResult, DlmsClient, WriteResult } from '../client/api';
import { parseAttributeRef, parseMethodRef } from '../client/attribute-ref';
import { normalizeObis } from '../codec/obis';
import { InvalidArgumentError } from '../errors';

export const OPERATIONS = ['set', 'action', 'clock-sync', 'disconnect', 'reconnect', 'capture', 'reset'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const DISCONNECT_CONTROL = '0.0.96.3.10.255';

export interface WriteRequest {
  operation: Operation;
  /** Configured target; msg.target overrides it. */
  target: string;
  payload: unknown;
  /** Method parameters when given apart from the payload (msg.params). */
  params?: unknown;
}

/** Inject nodes send Date.now() by default: such a number is a trigger, not a parameter. */
const isTimestamp = (v: unknown): boolean => typeof v === 'number' && v >= 1e12;

export type WriteOutcome = WriteResult | ActionResult;

/** Checks the request and returns the client call to run (so errors come before any I/O). */
export function planWrite(req: WriteRequest): (client: DlmsClient) => Promise<WriteOutcome> {
  const op = req.operation;
  const target = typeof req.target === 'string' ? req.target.trim() : '';
  switch (op) {
    case 'set': {
      if (!target) throw new InvalidArgumentError('Set needs a target attribute: configure one (e.g. 3/1.0.1.8.0.255/2) or send msg.target');
      if (req.payload === undefined) throw new InvalidArgumentError(`Set of ${target} needs the value in msg.payload`);
      const ref = parseAttributeRef(target);
      return (c) => c.set(ref, req.payload);
    }
    case 'action': {
      if (!target) throw new InvalidArgumentError('Action needs a target method: configure one (e.g. 70/0.0.96.3.10.255/1) or send msg.target');
      const ref = parseMethodRef(target);
      const params = req.params !== undefined ? req.params : isTimestamp(req.payload) ? undefined : req.payload;
      return (c) => c.action(ref, params);
    }
    case 'clock-sync':
      return (c) => c.setClock(new Date());
    case 'disconnect':
    case 'reconnect':
      return (c) => c.action({ classId: 70, obis: target ? normalizeObis(target) : DISCONNECT_CONTROL, method: op === 'disconnect' ? 1 : 2 }, 0);
    case 'capture':
      if (!target) throw new InvalidArgumentError('Capture needs the OBIS of the profile, e.g. 1.0.99.1.0.255');
      return preset(target, 7, 2);
    case 'reset':
      if (!target) throw new InvalidArgumentError('Reset needs the OBIS of the register, e.g. 1.0.1.6.0.255');
      return preset(target, 3, 1);
    default:
      throw new InvalidArgumentError(`Unknown operation '${String(op)}' (use one of ${OPERATIONS.join(', ')})`);
  }
}

/** A preset's method on `target`: an OBIS (usual class and method) or a full class/OBIS/method reference. */
function preset(target: string, classId: number, method: number): (c: DlmsClient) => Promise<WriteOutcome> {
  const ref = target.includes('/') ? parseMethodRef(target) : { classId, obis: normalizeObis(target), method };
  return (c) => c.action(ref, 0);
}

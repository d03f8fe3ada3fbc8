/**
 * TypedInput fields: a value typed in the editor, or one taken per message from msg, flow,
 * global, env or a JSONata expression. A field is saved as two node properties, `<name>` and
 * `<name>Type`, and evaluated with Node-RED's own RED.util.evaluateNodeProperty, so context
 * stores, `${ENV}` and nested paths behave as in the core nodes.
 */
import { InvalidArgumentError } from '../errors';
import type { NodeMessage, RedApi, RedNode } from './red-types';

/** Types whose value is the setting itself, not something looked up per message. */
const CONSTANT_TYPES: ReadonlySet<string> = new Set(['str', 'num', 'bool', 'json', 'date', 'bin', 're']);

export interface TypedField {
  name: string;
  value: string;
  type: string;
}

/** The field `name` of a node config; `defaultType` for flows saved before the field had a type. */
export function typedField(config: Record<string, unknown>, name: string, defaultType: string): TypedField {
  const type = config[`${name}Type`];
  const value = config[name];
  return { name, value: value === undefined || value === null ? '' : String(value), type: typeof type === 'string' && type ? type : defaultType };
}

export function isConstant(field: TypedField): boolean {
  return CONSTANT_TYPES.has(field.type);
}

/** Where the value comes from, for messages: "msg.payload", "flow.target", "env DLMS_OBIS". */
export function fieldSource(field: TypedField): string {
  if (isConstant(field)) return `the node's ${field.name} setting`;
  if (field.type === 'env') return `environment variable ${field.value}`;
  if (field.type === 'jsonata') return `the JSONata expression of ${field.name}`;
  return `${field.type}.${field.value}`;
}

/** The field's value for this message (undefined when a msg/flow/global property is missing). */
export function evaluateField(RED: RedApi, node: RedNode, field: TypedField, msg: NodeMessage): Promise<unknown> {
  const fail = (e: unknown): InvalidArgumentError =>
    new InvalidArgumentError(`${field.name} could not be taken from ${fieldSource(field)}: ${(e as Error)?.message ?? String(e)}`);
  return new Promise((resolve, reject) => {
    // No property or variable named (a node saved by an editor that left the field empty): nothing.
    if (!isConstant(field) && field.value.trim() === '') {
      resolve(undefined);
      return;
    }
    try {
      // Constant types answer synchronously (and JSON.parse throws rather than calling back).
      if (isConstant(field)) {
        resolve(RED.util.evaluateNodeProperty(field.value, field.type, node, msg));
        return;
      }
      RED.util.evaluateNodeProperty(field.value, field.type, node, msg, (err, value) => (err ? reject(fail(err)) : resolve(value)));
    } catch (e) {
      reject(fail(e));
    }
  });
}

/**
 * Evaluates a node's fields for each message, `{ name: value }`. Results come back in message
 * order even when a context store or JSONata answers out of order, so requests reach the meter's
 * queue in the order the messages arrived (as the core change and switch nodes keep order).
 */
export function fieldEvaluator(RED: RedApi, node: RedNode, fields: readonly TypedField[]): (msg: NodeMessage) => Promise<Record<string, unknown>> {
  let previous: Promise<unknown> = Promise.resolve();
  return (msg) => {
    const values = Promise.all(fields.map((f) => evaluateField(RED, node, f, msg)))
      .then((vs) => Object.fromEntries(fields.map((f, k) => [f.name, vs[k]])));
    const ordered = previous.then(() => values, () => values);
    previous = ordered.catch(() => undefined);
    return ordered;
  };
}

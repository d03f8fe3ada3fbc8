/**
 * dlms-write: SET an attribute or invoke a method (ACTION), directly or through a preset (clock
 * sync, remote disconnect/reconnect, profile capture, register reset). Target and value are
 * TypedInputs: typed in the node or taken from msg/flow/global/env. The value (msg.payload by
 * default) is plain JSON typed by the class tables, or typed JSON ({ "type": "long-unsigned",
 * "value": 5 }); msg.params, when present, are the method parameters. msg.target overrides a
 * target typed in the node, msg.operation the operation.
 * Output: msg.payload = the WriteResult / ActionResult. A refusal by the meter goes to done(err).
 */
import { DlmsError } from '../src/errors';
import { useMeter } from '../src/node-red/flow-node';
import { handleInput } from '../src/node-red/input';
import { parseOverride } from '../src/node-red/meter-settings';
import { WRITE_DEFAULTS, defaultValues } from '../src/node-red/properties';
import type { RawConfig, RedApi, RedNode } from '../src/node-red/red-types';
import { fieldEvaluator, fieldSource, isConstant, typedField } from '../src/node-red/typed-input';
import { planWrite, type Operation } from '../src/node-red/write-ops';

export = function register(RED: RedApi): void {
  function DlmsWriteNode(this: RedNode, raw: RawConfig): void {
    RED.nodes.createNode(this, raw);
    const config = { ...defaultValues(WRITE_DEFAULTS), ...raw };
    const meter = useMeter(RED, this, config as RawConfig);
    const target = typedField(config, 'target', 'str');
    const value = typedField(config, 'value', 'msg');
    const evaluate = fieldEvaluator(RED, this, [target, value]);

    handleInput(this, async (msg, send) => {
      const conn = meter();
      const fields = await evaluate(msg);
      // msg.target keeps working for flows built before the target was a TypedInput.
      const msgTarget = isConstant(target) && typeof msg.target === 'string' && msg.target.trim() ? msg.target : undefined;
      const run = planWrite({
        operation: (typeof msg.operation === 'string' ? msg.operation : config.operation) as Operation,
        target: msgTarget ?? fields.target,
        targetSource: msgTarget ? 'msg.target' : isConstant(target) ? undefined : fieldSource(target),
        payload: fields.value,
        valueSource: fieldSource(value),
        params: msg.params,
      });
      const { result, meter: name, trace } = await conn.request((client) => run(client),
        { override: parseOverride(msg.meter), trace: config.trace === true });
      if (trace) msg.trace = trace;
      msg.payload = result;
      if (result.error || result.result !== 'success') {
        const what = 'method' in result ? `method ${result.classId}/${result.obis}/${result.method}` : `attribute ${result.classId}/${result.obis}/${result.attribute}`;
        throw new DlmsError(result.error?.code ?? result.result, result.error?.message ?? `Meter '${name}' refused ${what}: ${result.result}`, { meter: name });
      }
      send(msg);
    }, () => meter().secrets);
  }
  RED.nodes.registerType('dlms-write', DlmsWriteNode as never);
};

/**
 * dlms-write: SET an attribute or invoke a method (ACTION), directly or through a preset (clock
 * sync, remote disconnect/reconnect, profile capture, register reset). The value comes from
 * msg.payload: plain JSON typed by the class tables, or typed JSON ({ "type": "long-unsigned",
 * "value": 5 }). msg.target overrides the configured target, msg.operation the operation.
 * Output: msg.payload = the WriteResult / ActionResult. A refusal by the meter goes to done(err).
 */
import { DlmsError } from '../src/errors';
import { useMeter } from '../src/node-red/flow-node';
import { handleInput } from '../src/node-red/input';
import { parseOverride } from '../src/node-red/meter-settings';
import { WRITE_DEFAULTS, defaultValues } from '../src/node-red/properties';
import type { RawConfig, RedApi, RedNode } from '../src/node-red/red-types';
import { planWrite, type Operation } from '../src/node-red/write-ops';

export = function register(RED: RedApi): void {
  function DlmsWriteNode(this: RedNode, raw: RawConfig): void {
    RED.nodes.createNode(this, raw);
    const config = { ...defaultValues(WRITE_DEFAULTS), ...raw };
    const meter = useMeter(RED, this, config as RawConfig);

    handleInput(this, async (msg, send) => {
      const conn = meter();
      const run = planWrite({
        operation: (typeof msg.operation === 'string' ? msg.operation : config.operation) as Operation,
        target: typeof msg.target === 'string' && msg.target.trim() ? msg.target : String(config.target ?? ''),
        payload: msg.payload,
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

/**
 * dlms-read: reads the configured items, or the items a message names, from the meter.
 * Output 'single': one message, payload { name|obis: value }, msg.items = every ValueResult.
 * Output 'split': one message per item, msg.topic from the template, payload = value (or the
 * whole result), msg.item = the ValueResult. Items that fail are reported in their result; when
 * every item fails, or the meter cannot be reached, the message goes to done(err).
 * A message may name the items instead: msg.items, or the "items from" TypedInput (msg.payload
 * by default; a value that is no reference, such as an inject timestamp, reads the list).
 */
import { useMeter } from '../src/node-red/flow-node';
import { handleInput } from '../src/node-red/input';
import { parseOverride } from '../src/node-red/meter-settings';
import { READ_DEFAULTS, defaultValues } from '../src/node-red/properties';
import { allFailedError, configuredItems, expandTopic, itemKey, requestedItems, valueMap } from '../src/node-red/read-items';
import type { NodeMessage, RawConfig, RedApi, RedNode } from '../src/node-red/red-types';
import { fieldEvaluator, fieldSource, typedField } from '../src/node-red/typed-input';
import { InvalidArgumentError } from '../src/errors';

export = function register(RED: RedApi): void {
  function DlmsReadNode(this: RedNode, raw: RawConfig): void {
    RED.nodes.createNode(this, raw);
    const config = { ...defaultValues(READ_DEFAULTS), ...raw };
    const meter = useMeter(RED, this, config as RawConfig);
    let items: ReturnType<typeof configuredItems> = [];
    let configError: Error | undefined;
    try {
      items = configuredItems(config.items);
    } catch (e) {
      configError = e as Error;
      this.status({ fill: 'red', shape: 'dot', text: 'invalid item list' });
    }
    const split = config.output === 'split';
    const template = String(config.topic || READ_DEFAULTS.topic.value);
    const request = typedField(config, 'request', 'msg');
    const evaluate = fieldEvaluator(RED, this, [request]);

    handleInput(this, async (msg, send) => {
      const conn = meter();
      const fields = await evaluate(msg);
      const asked = msg.items !== undefined
        ? requestedItems(msg.items, 'msg.items', true)
        : requestedItems(fields.request, fieldSource(request));
      if (!asked && configError) throw configError;
      const refs = asked ?? items;
      if (refs.length === 0) {
        throw new InvalidArgumentError(`Nothing to read: add items in the node, or put references in ${fieldSource(request)} such as "1-0:1.8.0*255" or an array of references`);
      }
      const { result, meter: name, trace } = await conn.read(refs, { scale: config.scale !== false }, {
        override: parseOverride(msg.meter),
        trace: config.trace === true,
      });
      if (trace) msg.trace = trace;
      if (result.every((r) => r.error)) {
        msg.items = result; // the Catch node sees what each item answered
        throw allFailedError(name, refs, result);
      }
      if (!split) {
        msg.payload = valueMap(refs, result);
        msg.items = result;
        send(msg);
        return;
      }
      const out: NodeMessage[] = [];
      result.forEach((r, k) => {
        const ref = refs[k] ?? r;
        if (r.error && config.splitPayload !== 'result') {
          this.warn(`${itemKey(ref)} on meter '${name}': ${r.error.message}`);
          return;
        }
        const topic = expandTopic(template, {
          meter: name, obis: r.obis, name: itemKey(ref), classId: r.classId, attribute: r.attribute,
        });
        const m: NodeMessage = { ...msg, topic, payload: config.splitPayload === 'result' ? r : r.value ?? null, item: r };
        delete m.items;
        out.push(m);
      });
      send([out]);
    }, () => meter().secrets);
  }
  RED.nodes.registerType('dlms-read', DlmsReadNode as never);
};

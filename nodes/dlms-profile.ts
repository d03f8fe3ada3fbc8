/**
 * dlms-profile: reads a Profile generic (default the 15-minute block load profile
 * 1.0.99.1.0.255) by time range or by entry. Output 'single': msg.payload = rows, msg.columns;
 * 'split': one message per row. Range 'since-last' keeps a cursor in node context (in the
 * configured context store, e.g. a persistent one) and sends only rows newer than it.
 * OBIS, last, from and to are TypedInputs (typed in the node, or from msg/flow/global/env); an
 * object in msg.payload ({ obis, range, from, to, last, fromEntry, toEntry, columns }) overrides.
 */
import { useMeter } from '../src/node-red/flow-node';
import { handleInput } from '../src/node-red/input';
import { overrideKey, parseOverride } from '../src/node-red/meter-settings';
import { contextGet, contextSet, cursorKey, newestTime, planProfile, rowsAfter } from '../src/node-red/profile-query';
import { PROFILE_DEFAULTS, defaultValues } from '../src/node-red/properties';
import type { NodeMessage, RawConfig, RedApi, RedNode } from '../src/node-red/red-types';
import { normalizeObis } from '../src/codec/obis';
import { InvalidArgumentError } from '../src/errors';
import { fieldEvaluator, fieldSource, isConstant, typedField, type TypedField } from '../src/node-red/typed-input';

/** The TypedInput fields of dlms-profile. */
const TYPED = ['obis', 'last', 'from', 'to'] as const;

export = function register(RED: RedApi): void {
  function DlmsProfileNode(this: RedNode, raw: RawConfig): void {
    RED.nodes.createNode(this, raw);
    const config = { ...defaultValues(PROFILE_DEFAULTS), ...raw };
    const meter = useMeter(RED, this, config as RawConfig);
    const store = typeof config.cursorStore === 'string' && config.cursorStore ? config.cursorStore : undefined;
    // Typed-in values stay as saved; only those taken per message are evaluated.
    const typed: TypedField[] = TYPED.map((n) => typedField(config, n, PROFILE_DEFAULTS[`${n}Type`].value)).filter((f) => !isConstant(f));
    const evaluate = fieldEvaluator(RED, this, typed);
    const sources = Object.fromEntries(typed.map((f) => [f.name, fieldSource(f)]));

    handleInput(this, async (msg, send) => {
      const conn = meter();
      const override = parseOverride(msg.meter);
      const payload = msg.payload as Record<string, unknown> | undefined;
      const asked = payload && typeof payload === 'object' ? payload : {};
      // This message's settings: fields taken from msg/flow/global/env replace the typed-in ones.
      const fields = await evaluate(msg);
      const resolved: Record<string, unknown> = { ...config, ...fields };
      if (sources.obis && (fields.obis === undefined || fields.obis === '') && typeof asked.obis !== 'string') {
        throw new InvalidArgumentError(`No profile OBIS: ${sources.obis} is empty (e.g. 1.0.99.1.0.255)`);
      }
      const obisText = typeof asked.obis === 'string' ? asked.obis : String(resolved.obis || PROFILE_DEFAULTS.obis.value);
      const key = cursorKey(normalizeObis(obisText), override ? overrideKey(override) : '');
      const sinceLast = (asked.range ? asked.range : config.range) === 'since-last';
      const cursor = sinceLast ? ((await contextGet(this.context(), key, store)) as string | undefined) : undefined;
      const plan = planProfile(resolved, msg.payload, new Date(), cursor, sources);
      const { result, meter: name, trace } = await conn.request((client) => client.readProfile(plan.obis, plan.query),
        { override, trace: config.trace === true });
      if (trace) msg.trace = trace;
      const rows = plan.range === 'since-last' ? rowsAfter(result.rows, cursor) : result.rows;
      const info = {
        meter: name, obis: result.obis, range: plan.range, capturePeriod: result.capturePeriod,
        from: iso(plan.query.from), to: iso(plan.query.to), fromEntry: plan.query.fromEntry, toEntry: plan.query.toEntry,
      };
      if (config.output === 'split') {
        const out: NodeMessage[] = rows.map((row) => ({ ...msg, payload: row, columns: result.columns, profile: info }));
        if (out.length) send([out]);
      } else {
        msg.payload = rows;
        msg.columns = result.columns;
        msg.profile = info;
        send(msg);
      }
      // Move the cursor only once the rows are on their way: a crash before this repeats, never loses.
      const next = plan.range === 'since-last' ? newestTime(rows) : undefined;
      if (next) await contextSet(this.context(), key, next, store);
    }, () => meter().secrets);
  }
  RED.nodes.registerType('dlms-profile', DlmsProfileNode as never);
};

function iso(d: string | Date | undefined): string | undefined {
  return d === undefined ? undefined : d instanceof Date ? d.toISOString() : d;
}

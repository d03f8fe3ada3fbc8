/**
 * Node property names and defaults of every node, in one place: the runtime reads them here and
 * the editor HTML (nodes/*.html) repeats them in its `defaults` (test/nodes/properties.test.ts
 * checks the two agree). Meaning of each field: see the comments and CONTRACTS.md.
 */
export type PropertyDefaults = Record<string, { value: string | number | boolean | unknown[]; type?: string; required?: boolean }>;

/** dlms-meter: ConnectionSettings fields (flat) plus pool options. Empty text = library default. */
export const METER_DEFAULTS = {
  name: { value: '' },
  transport: { value: 'tcp' }, // tcp | udp | hdlc+tcp | serial | optical
  host: { value: '' },
  port: { value: 4059 },
  serialPath: { value: '' },
  baud: { value: 9600 },
  dataBits: { value: 8 },
  parity: { value: 'none' },
  stopBits: { value: 1 },
  clientSap: { value: 16 },
  logicalAddress: { value: 1 },
  physicalAddress: { value: 17 },
  serverAddressSize: { value: '' }, // '' = automatic (2 or 4 bytes), or 1 | 2 | 4
  referencing: { value: 'ln' },
  authentication: { value: 'none' },
  securityPolicy: { value: 'none' },
  securitySuite: { value: 0 },
  clientSystemTitle: { value: '' },
  serverSystemTitle: { value: '' },
  utcOffset: { value: '' }, // minutes east of UTC (330 = +05:30); '' = from the meter
  connectTimeout: { value: 10000 }, // ms
  responseTimeout: { value: 5000 }, // ms
  inactivityTimeout: { value: 120000 }, // ms the meter keeps an idle association
  interFrameTimeout: { value: 500 }, // ms, serial only
  retries: { value: 3 },
  maxPduSize: { value: 65535 },
  hdlcMaxInfoTx: { value: 128 },
  hdlcMaxInfoRx: { value: 128 },
  hdlcWindowTx: { value: 1 },
  hdlcWindowRx: { value: 1 },
  counterBootstrapObis: { value: '' }, // e.g. 0.0.43.1.0.255: read the frame counter first
  queueSize: { value: 100 }, // requests waiting per meter
  overflow: { value: 'reject' }, // reject | drop-oldest
  requestTimeout: { value: 60000 }, // ms from queueing to answer
  idleTimeout: { value: 60000 }, // ms without requests before release / keep-alive (0 = never)
  idleBehaviour: { value: 'release' }, // release | keep-alive
  maxSessions: { value: 10 }, // open sessions at once (this meter + msg.meter overrides)
  link: { value: '', type: 'dlms-link', required: false },
} satisfies PropertyDefaults;

/** Secrets of dlms-meter: Node-RED credentials of type password, never in the flow file. */
export const METER_CREDENTIALS = {
  password: { type: 'password' },
  hlsSecret: { type: 'password' },
  encryptionKey: { type: 'password' },
  authenticationKey: { type: 'password' },
  dedicatedKey: { type: 'password' },
  ecdsaPrivateKey: { type: 'password' },
  serverPublicKey: { type: 'password' },
} as const;

/** dlms-link: meters sharing one serial port or gateway take turns on it. */
export const LINK_DEFAULTS = {
  name: { value: '' },
  maxSessions: { value: 0 }, // associations open at once on the link (0 = no limit)
} satisfies PropertyDefaults;

/**
 * Fields with a `<name>Type` companion are TypedInputs (src/node-red/typed-input.ts): the value
 * is typed in the editor (str, num, json...) or taken per message from msg, flow, global, env or
 * a JSONata expression.
 */

/** An item of dlms-read: `{ obis, classId, attribute, name }` (classId '' = guessed from OBIS). */
export const READ_DEFAULTS = {
  name: { value: '' },
  meter: { value: '', type: 'dlms-meter', required: true },
  items: { value: [] as unknown[] },
  request: { value: 'payload' }, // where a message may name the items to read instead (TypedInput)
  requestType: { value: 'msg' }, // msg | flow | global | env | jsonata
  output: { value: 'single' }, // single | split
  topic: { value: 'meters/{meter}/{obis}' }, // split mode: {meter} {obis} {name} {classId} {attribute}
  splitPayload: { value: 'value' }, // split mode: value | result
  scale: { value: true },
  trace: { value: false },
} satisfies PropertyDefaults;

export const WRITE_DEFAULTS = {
  name: { value: '' },
  meter: { value: '', type: 'dlms-meter', required: true },
  operation: { value: 'set' }, // set | action | clock-sync | disconnect | reconnect | capture | reset
  target: { value: '' }, // attribute ref (set), method ref (action) or OBIS (capture, reset)
  targetType: { value: 'str' }, // str | msg | flow | global | env (msg.target still overrides a str)
  value: { value: 'payload' }, // the value to set / the method parameters (TypedInput)
  valueType: { value: 'msg' }, // msg | flow | global | str | num | bool | json | env | jsonata
  trace: { value: false },
} satisfies PropertyDefaults;

export const PROFILE_DEFAULTS = {
  name: { value: '' },
  meter: { value: '', type: 'dlms-meter', required: true },
  obis: { value: '1.0.99.1.0.255' }, // 15-minute block load profile
  obisType: { value: 'str' }, // str | msg | flow | global | env
  range: { value: 'last' }, // all | last | absolute | since-last | entries
  last: { value: 1 },
  lastType: { value: 'num' }, // num | msg | flow | global | env ("15 minutes" from a property works too)
  lastUnit: { value: 'hours' }, // minutes | hours | days
  from: { value: '' }, // absolute: ISO date-time
  fromType: { value: 'str' }, // str | msg | flow | global | env | jsonata (ISO text, epoch ms or Date)
  to: { value: '' }, // '' = now
  toType: { value: 'str' },
  fromEntry: { value: 1 },
  toEntry: { value: 0 }, // 0 = last entry
  firstWindow: { value: 1 }, // since-last, first run: read the last N days
  cursorStore: { value: '' }, // context store for the since-last cursor ('' = default store)
  scalers: { value: 'auto' }, // auto | registers | scaler-profile | none
  output: { value: 'single' }, // single | split
  trace: { value: false },
} satisfies PropertyDefaults;

export const PUSH_IN_DEFAULTS = {
  name: { value: '' },
  tcp: { value: true },
  udp: { value: false },
  port: { value: 4059 },
  bind: { value: '127.0.0.1' },
  policy: { value: 'none' }, // none | authenticated | encrypted: the least protection accepted
  objects: { value: [] as unknown[] }, // push object list: [{ obis, classId, attribute, name, scaler, unit }]
  maxConnections: { value: 50 },
  errorRate: { value: 10 }, // rejected notifications reported per minute at most
} satisfies PropertyDefaults;

/** The per-meter key table: JSON text `{ "<system title hex>": { encryptionKey, authenticationKey } }`. */
export const PUSH_IN_CREDENTIALS = { keys: { type: 'password' } } as const;

/** Plain `{ name: value }` of a defaults table, e.g. to fill a config read from an old flow. */
export function defaultValues(defs: PropertyDefaults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, d.value]));
}

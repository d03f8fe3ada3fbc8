/**
 * The small part of the Node-RED runtime API the nodes use (Node-RED ships no TypeScript types).
 * Kept structural so tests can hand in the test helper's RED object as it is.
 */
export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export type NodeMessage = Record<string, unknown> & { _msgid?: string; payload?: unknown; topic?: unknown };
export type SendFn = (msg: NodeMessage | null | (NodeMessage | NodeMessage[] | null)[]) => void;
export type DoneFn = (err?: Error) => void;

export interface NodeContextStore {
  get(key: string, store: string | undefined, cb: (err: Error | null | undefined, value: unknown) => void): void;
  set(key: string, value: unknown, store: string | undefined, cb: (err?: Error | null) => void): void;
}

export interface RedNode {
  id: string;
  type: string;
  name?: string;
  credentials?: Record<string, string | undefined>;
  on(event: 'input', handler: (msg: NodeMessage, send: SendFn, done: DoneFn) => void): void;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage | NodeMessage[] | (NodeMessage | NodeMessage[] | null)[]): void;
  status(status: NodeStatus): void;
  error(err: unknown, msg?: NodeMessage): void;
  warn(text: unknown): void;
  log(text: unknown): void;
  context(): NodeContextStore;
}

export interface NodeCredentialsDef {
  [name: string]: { type: 'text' | 'password' };
}

export interface RedApi {
  nodes: {
    createNode(node: object, config: object): void;
    registerType(type: string, ctor: (this: RedNode, config: never) => void, opts?: { credentials?: NodeCredentialsDef }): void;
    getNode(id: string): unknown;
  };
  settings: { userDir?: string; [k: string]: unknown };
  util: {
    /** Node-RED's TypedInput evaluation (msg, flow, global, env, jsonata, str, num, json...). */
    evaluateNodeProperty(value: string, type: string, node: RedNode, msg: NodeMessage, callback?: (err: Error | null | undefined, value: unknown) => void): unknown;
  };
  _?: (key: string, subs?: Record<string, unknown>) => string;
}

/** Node config as saved in the flow: every field may be missing, text or number. */
export type RawConfig = Record<string, unknown> & { id: string; name?: string };

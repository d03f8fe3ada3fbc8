/** The meter simulator's object model and COSEM behaviour (no I/O, no APDUs). */
export { createModel, type CreateModelOptions } from './create-model';
export { CosemModel, type MeterIdentity, type ObjectListEntry, type ShortNameRef } from './cosem-model';
export { compileModel, type CompiledModel } from './compile';
export { DATA_ACCESS_RESULT, ACTION_RESULT, type DataAccessResultName, type ActionResultName } from './results';
export type { PushEvent, ObjectRights } from './handler';
export * from './types';
export { DEFAULT_METER } from './models/default-meter';
export { is15959Definition, type Is15959Options } from './models/is15959';
export { UNIT, scalerColumns } from './models/builders';
export { ASSOCIATION_SN_BASE_NAME, resolveShortName, shortNameOf } from './short-names';
export { sourceNames } from './sources';
export { EVENT_LOGS } from './events';

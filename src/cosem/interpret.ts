import type { DlmsData } from '../codec/data';
import { DlmsError } from '../errors';
import { attributeType, getClass, methodParameterType, attributeName, methodName } from './catalogue';
import { FORMATS } from './formats';
import { plainJson } from './plain';
import { describeSpec, type TypeSpec } from './spec';

/**
 * DlmsData -> JSON, guided by a type of the class tables: structures become objects keyed by the
 * camelCase Blue Book field names, enums their names, logical names dotted OBIS, date-times ISO.
 * Lenient mode (the default) answers with plain JSON wherever the meter's data does not have the
 * shape the Blue Book describes, so a non-conforming meter still reads. Strict mode throws a
 * DlmsError 'malformed-data' naming the path instead; the typed codecs use it.
 */
export function dataToJson(spec: TypeSpec | undefined, d: DlmsData, strict = false, path = ''): unknown {
  if (!spec) return plainJson(d);
  const mismatch = (): unknown => {
    if (!strict) return plainJson(d);
    throw new DlmsError('malformed-data', `${path || 'value'}: expected ${describeSpec(spec)}, got ${d.type}`, { path, got: d.type });
  };
  switch (spec.kind) {
    case 'any':
      return plainJson(d);
    case 'type': {
      if (spec.format) {
        const out = FORMATS[spec.format].toJson(d);
        if (out !== undefined) return out;
        return mismatch();
      }
      return d.type === spec.type ? plainJson(d) : mismatch();
    }
    case 'enum':
      if (d.type === 'enum') return spec.names?.[d.value] ?? d.value;
      // Association LN version 0 sends method access_mode as a boolean
      if (d.type === 'boolean' && spec.names) return spec.names[d.value ? 1 : 0] ?? d.value;
      return mismatch();
    case 'struct': {
      if (d.type !== 'structure' || d.value.length !== spec.fields.length) return mismatch();
      const out: Record<string, unknown> = {};
      spec.fields.forEach((f, i) => {
        out[f.key] = dataToJson(f.type, d.value[i], strict, `${path}${path ? '.' : ''}${f.key}`);
      });
      return out;
    }
    case 'array':
      if (d.type !== 'array' && d.type !== 'compact-array') return mismatch();
      return d.value.map((x, i) => dataToJson(spec.element, x, strict, `${path}[${i}]`));
    case 'choice':
      for (const option of spec.options) {
        try {
          return dataToJson(option, d, true, path);
        } catch {
          // try the next alternative
        }
      }
      return mismatch();
  }
}

/**
 * A JSON-ready value for an attribute read: the structured form when the catalogue knows the
 * class and attribute, else plain JSON (CONTRACTS.md "One value").
 */
export function interpretAttribute(classId: number, attributeIndex: number, data: DlmsData): unknown {
  return dataToJson(attributeType(classId, attributeIndex), data);
}

/** The same for a method parameter (or its return value when it has the parameter's type). */
export function interpretMethodParameter(classId: number, methodIndex: number, data: DlmsData): unknown {
  return dataToJson(methodParameterType(classId, methodIndex), data);
}

/** "Clock time (class 8, attribute 2)", for messages. */
export function attributeLabel(classId: number, index: number): string {
  const c = getClass(classId);
  return `${c ? c.name : `class ${classId}`} ${attributeName(classId, index)} (class ${classId}, attribute ${index})`;
}

/** "Clock shift_time (class 8, method 6)", for messages. */
export function methodLabel(classId: number, index: number): string {
  const c = getClass(classId);
  return `${c ? c.name : `class ${classId}`} ${methodName(classId, index)} (class ${classId}, method ${index})`;
}

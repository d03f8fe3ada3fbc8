import { strict as assert } from 'node:assert';
import {
  INTERFACE_CLASSES, attributeIndex, attributeName, attributeType, describeSpec, getClass, methodIndex, methodName,
  methodParameterType, requireClass, type TypeSpec,
} from '../../src/cosem';
import { isDataTypeName } from '../../src/codec/data-types';

/** Class ids and versions the catalogue must hold (task list, Blue Book versions in use). */
const EXPECTED: Record<number, [string, number]> = {
  1: ['Data', 0], 3: ['Register', 0], 4: ['Extended register', 0], 5: ['Demand register', 0],
  6: ['Register activation', 0], 7: ['Profile generic', 1], 8: ['Clock', 0], 9: ['Script table', 0],
  10: ['Schedule', 0], 11: ['Special days table', 0], 12: ['Association SN', 4], 15: ['Association LN', 3],
  17: ['SAP assignment', 0], 18: ['Image transfer', 0], 19: ['IEC local port setup', 1], 20: ['Activity calendar', 0],
  21: ['Register monitor', 0], 22: ['Single action schedule', 0], 23: ['IEC HDLC setup', 1], 40: ['Push setup', 0],
  41: ['TCP-UDP setup', 0], 42: ['IPv4 setup', 0], 45: ['GPRS modem setup', 0], 64: ['Security setup', 1],
  70: ['Disconnect control', 0], 71: ['Limiter', 0],
};

function checkSpec(spec: TypeSpec, where: string): void {
  switch (spec.kind) {
    case 'type':
      assert.ok(isDataTypeName(spec.type), `${where}: unknown type ${spec.type}`);
      break;
    case 'struct': {
      assert.ok(spec.fields.length > 0, `${where}: empty structure`);
      const keys = spec.fields.map((f) => f.key);
      assert.equal(new Set(keys).size, keys.length, `${where}: duplicate field keys ${keys}`);
      for (const f of spec.fields) checkSpec(f.type, `${where}.${f.name}`);
      break;
    }
    case 'array':
      checkSpec(spec.element, `${where}[]`);
      break;
    case 'choice':
      assert.ok(spec.options.length >= 2, `${where}: choice of one`);
      spec.options.forEach((o, i) => checkSpec(o, `${where}|${i}`));
      break;
    default:
  }
}

describe('cosem catalogue: class tables', () => {
  it('holds exactly the expected classes, with their names and versions', () => {
    const got = Object.fromEntries(INTERFACE_CLASSES.map((c) => [c.classId, [c.name, c.version]]));
    assert.deepEqual(got, EXPECTED);
  });

  for (const c of INTERFACE_CLASSES) {
    it(`${c.name} (${c.classId}): indexes unique and contiguous, names unique snake_case, types valid`, () => {
      assert.deepEqual(c.attributes.map((a) => a.index), c.attributes.map((_, i) => i + 1));
      assert.deepEqual(c.methods.map((m) => m.index), c.methods.map((_, i) => i + 1));
      assert.equal(c.attributes[0].name, 'logical_name');
      for (const list of [c.attributes, c.methods]) {
        const folded = list.map((x) => x.name.replace(/[_-]/g, '').toLowerCase());
        assert.equal(new Set(folded).size, folded.length, `duplicate names in ${c.name}`);
        for (const x of list) assert.match(x.name, /^[A-Za-z][A-Za-z0-9]*([_-][A-Za-z0-9]+)*$/, x.name);
      }
      for (const a of c.attributes) {
        checkSpec(a.type, `${c.name}.${a.name}`);
        assert.equal(typeof a.static, 'boolean');
        assert.ok(describeSpec(a.type).length > 0);
      }
      for (const m of c.methods) checkSpec(m.parameter, `${c.name}.${m.name}()`);
    });
  }
});

describe('cosem catalogue: lookups', () => {
  it('names attributes and methods by index', () => {
    assert.equal(attributeName(7, 3), 'capture_objects');
    assert.equal(attributeName(8, 2), 'time');
    assert.equal(attributeName(15, 2), 'object_list');
    assert.equal(methodName(8, 6), 'shift_time');
    assert.equal(methodName(70, 1), 'remote_disconnect');
    assert.equal(methodName(15, 1), 'reply_to_HLS_authentication');
  });

  it('gives placeholder names for unknown indexes and classes instead of failing', () => {
    assert.equal(attributeName(3, 9), 'attribute_9');
    assert.equal(methodName(1, 1), 'method_1');
    assert.equal(attributeName(9999, 2), 'attribute_2');
    assert.equal(getClass(9999), undefined);
  });

  it('finds indexes by name in snake, camel or any case, and by number', () => {
    assert.equal(attributeIndex(7, 'capture_objects'), 3);
    assert.equal(attributeIndex(7, 'captureObjects'), 3);
    assert.equal(attributeIndex(17, 'sap_assignment_list'), 2);
    assert.equal(attributeIndex(41, 'tcpUdpPort'), 2);
    assert.equal(attributeIndex(3, '2'), 2);
    assert.equal(methodIndex(8, 'shiftTime'), 6);
    assert.equal(methodIndex(18, 'image_block_transfer'), 2);
  });

  it('an unknown name lists what exists', () => {
    assert.throws(() => attributeIndex(8, 'timezone_offset'), (e: Error & { code: string }) => {
      assert.equal(e.code, 'unknown-attribute');
      assert.match(e.message, /Clock \(class 8\) has no attribute "timezone_offset"/);
      assert.match(e.message, /3 time_zone/);
      return true;
    });
    assert.throws(() => methodIndex(1, 'reset'), /has no method "reset"; its methods are none/);
    assert.throws(() => requireClass(9999), /interface class 9999 is not in the catalogue/);
  });

  it('gives the expected types of attributes and method parameters', () => {
    assert.deepEqual(attributeType(8, 3), { kind: 'type', type: 'long', min: -720, max: 720 });
    assert.deepEqual(methodParameterType(8, 6), { kind: 'type', type: 'long', min: -900, max: 900 });
    assert.equal(attributeType(3, 2)?.kind, 'any');
    assert.equal(attributeType(3, 42), undefined);
    assert.match(describeSpec(attributeType(7, 3)!), /^array of structure \{ classId: long-unsigned, logicalName: octet-string \(obis\)/);
  });
});

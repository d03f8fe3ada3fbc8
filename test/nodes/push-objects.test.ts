import * as assert from 'node:assert/strict';
import { pushObjects } from '../../src/node-red/push-adapter';
import { parsePushObjects } from '../../src/push';

describe('dlms-push-in: push object list from the editor', () => {
  it('keeps scaler and unit so pushed registers come out scaled with their unit', () => {
    const list = pushObjects([
      { obis: '0.0.25.9.0.255', classId: 40, attribute: 1, name: 'push' },
      { obis: '1.0.1.8.0.255', classId: '3', attribute: '2', name: 'energy', scaler: '-3', unit: 'kWh' },
      { obis: '1.0.32.7.0.255', scaler: -1, unit: '35' },
      { obis: '' },
    ])!;
    assert.equal(list.length, 3);
    const parsed = parsePushObjects(list)!;
    assert.deepEqual({ scaler: parsed[1].scaler, unit: parsed[1].unit, name: parsed[1].name }, { scaler: -3, unit: 'kWh', name: 'energy' });
    assert.equal(parsed[2].scaler, -1);
    assert.equal(parsed[2].unit, 35);
  });
});

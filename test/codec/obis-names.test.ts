import { strict as assert } from 'node:assert';
import { obisName } from '../../src/codec/obis-names';
import { parseObis } from '../../src/codec/obis';

describe('OBIS names', () => {
  const expected: [string, string][] = [
    ['1.0.1.8.0.255', 'Active energy import (+A), total'],
    ['1.0.2.8.0.255', 'Active energy export (-A), total'],
    ['1.0.3.8.0.255', 'Reactive energy import (+R), total'],
    ['1.0.4.8.0.255', 'Reactive energy export (-R), total'],
    ['1.0.9.8.0.255', 'Apparent energy import (+VA), total'],
    ['1.0.1.8.1.255', 'Active energy import (+A), tariff 1'],
    ['1.0.2.8.8.255', 'Active energy export (-A), tariff 8'],
    ['1.0.1.8.0.3', 'Active energy import (+A), total, billing period 3'],
    ['1.0.21.8.0.255', 'Active energy import (+A) L1, total'],
    ['1.0.32.7.0.255', 'Voltage L1'],
    ['1.0.52.7.0.255', 'Voltage L2'],
    ['1.0.72.7.0.255', 'Voltage L3'],
    ['1.0.31.7.0.255', 'Current L1'],
    ['1.0.51.7.0.255', 'Current L2'],
    ['1.0.71.7.0.255', 'Current L3'],
    ['1.0.91.7.0.255', 'Current, neutral'],
    ['1.0.1.7.0.255', 'Active power import (+P)'],
    ['1.0.13.7.0.255', 'Power factor'],
    ['1.0.33.7.0.255', 'Power factor L1'],
    ['1.0.53.7.0.255', 'Power factor L2'],
    ['1.0.73.7.0.255', 'Power factor L3'],
    ['1.0.14.7.0.255', 'Frequency'],
    ['1.0.1.6.0.255', 'Active power import (+P), maximum demand'],
    ['1.0.1.29.0.255', 'Active energy import, block'],
    ['1.0.14.27.0.255', 'Frequency, block average'],
    ['0.0.1.0.0.255', 'Clock'],
    ['1.0.99.1.0.255', 'Load profile 1 (IS 15959: block load profile)'],
    ['1.0.99.2.0.255', 'Load profile 2 (IS 15959: daily load profile)'],
    ['1.0.98.1.0.255', 'Billing profile (data of billing period)'],
    ['0.0.99.98.0.255', 'Event log 0'],
    ['0.0.99.98.6.255', 'Event log 6'],
    ['0.0.40.0.0.255', 'Current association (LN/SN)'],
    ['0.0.40.0.2.255', 'Association 2 (LN/SN)'],
    ['0.0.41.0.0.255', 'SAP assignment'],
    ['0.0.43.0.0.255', 'Security setup 0'],
    ['0.0.43.1.1.255', 'Invocation counter (frame counter) 1'],
    ['0.0.96.3.10.255', 'Disconnect control'],
    ['0.0.25.9.0.255', 'Push setup'],
    ['0.4.25.9.0.255', 'Push setup 4'],
    ['0.0.42.0.0.255', 'COSEM logical device name'],
    ['0.0.96.1.0.255', 'Meter serial number'],
    ['0.0.94.91.10.255', 'Nameplate profile (IS 15959)'],
    ['1.0.94.91.0.255', 'Instantaneous profile (IS 15959)'],
    ['1.0.94.91.3.255', 'Scaler profile of the instantaneous profile (IS 15959)'],
    ['1.0.94.91.4.255', 'Scaler profile of the block load profile (IS 15959)'],
    ['1.0.94.91.5.255', 'Scaler profile of the daily load profile (IS 15959)'],
    ['1.0.94.91.6.255', 'Scaler profile of the billing profile (IS 15959)'],
    ['0.0.96.10.1.255', 'Status register 1'],
  ];
  for (const [obis, name] of expected) it(`${obis}: ${name}`, () => assert.equal(obisName(obis), name));

  it('names tariffs 1..8 of every energy quantity, total and per phase', () => {
    for (const c of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 16]) {
      for (const phase of [0, 20, 40, 60]) {
        const total = obisName(`1.0.${c + phase}.8.0.255`);
        assert.ok(total?.endsWith(', total'), `${c + phase}: ${total}`);
        for (let t = 1; t <= 8; t++) assert.equal(obisName(`1.0.${c + phase}.8.${t}.255`), total!.replace(', total', `, tariff ${t}`));
      }
    }
  });

  it('accepts every OBIS form', () => {
    assert.equal(obisName('1-0:32.7.0*255'), 'Voltage L1');
    assert.equal(obisName('1-0:32.7.0'), 'Voltage L1');
    assert.equal(obisName(parseObis('0100200700FF')), 'Voltage L1');
  });

  it('unknown codes give undefined', () => {
    for (const o of ['2.0.1.8.0.255', '1.0.11.8.0.255', '1.0.200.7.0.255', '0.0.200.0.0.255', '1.0.1.1.0.255', '0.1.1.0.0.255', '0.0.1.0.0.0', '1.0.37.7.0.255']) {
      assert.equal(obisName(o), undefined, o);
    }
  });
});

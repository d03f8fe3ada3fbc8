import { strict as assert } from 'node:assert';
import { parseAttributeRef, guessClassId, formatAttributeRef } from '../../src/client/attribute-ref';
import { DlmsError } from '../../src/errors';

describe('attribute references (CONTRACTS.md forms)', () => {
  const cases: [Parameters<typeof parseAttributeRef>[0], object][] = [
    ['1-0:1.8.0*255', { obis: '1.0.1.8.0.255', attribute: 2 }],
    ['1-0:1.8.0', { obis: '1.0.1.8.0.255', attribute: 2 }],
    ['1.0.1.8.0.255', { obis: '1.0.1.8.0.255', attribute: 2 }],
    ['1.0.1.8.0.255:3', { obis: '1.0.1.8.0.255', attribute: 3 }],
    ['1-0:1.8.0*255:3', { obis: '1.0.1.8.0.255', attribute: 3 }],
    ['3/1.0.1.8.0.255/2', { classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }],
    ['8/0-0:1.0.0*255/2', { classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }],
    [{ obis: '1-0:32.7.0', classId: 3, attribute: 2, name: 'V1' }, { obis: '1.0.32.7.0.255', classId: 3, attribute: 2, name: 'V1' }],
    [{ obis: '0.0.1.0.0.255', classId: '8', attribute: '2' }, { obis: '0.0.1.0.0.255', classId: 8, attribute: 2 }],
  ];
  for (const [input, expected] of cases) {
    it(`parses ${JSON.stringify(input)}`, () => assert.deepEqual(parseAttributeRef(input), expected));
  }
  for (const bad of ['', '1.8.0', '3/1.0.1.8.0.255', '1.0.1.8.0.256', 'x/1.0.1.8.0.255/2', '1.0.1.8.0.255:0', 'hello']) {
    it(`rejects ${JSON.stringify(bad)} with a clear error`, () => {
      assert.throws(() => parseAttributeRef(bad), (e: unknown) => e instanceof DlmsError && e.code === 'invalid-argument' && e.message.length > 10);
    });
  }
  it('accepts the five-group forms with F = 255', () => {
    assert.equal(parseAttributeRef('1-0:1.8.0').obis, '1.0.1.8.0.255');
    assert.equal(parseAttributeRef('1.0.1.8.0').obis, '1.0.1.8.0.255');
  });
  it('formats the canonical key', () => assert.equal(formatAttributeRef({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }), '3/1.0.1.8.0.255/2'));
  it('guesses the usual interface class', () => {
    assert.equal(guessClassId('1.0.1.8.0.255'), 3);
    assert.equal(guessClassId('0.0.1.0.0.255'), 8);
    assert.equal(guessClassId('1.0.99.1.0.255'), 7);
    assert.equal(guessClassId('1.0.94.91.0.255'), 7);
    assert.equal(guessClassId('0.0.94.91.10.255'), 7);
    assert.equal(guessClassId('0.0.40.0.0.255'), 15);
    assert.equal(guessClassId('0.0.96.3.10.255'), 70);
    assert.equal(guessClassId('0.0.43.1.0.255'), 1);
    assert.equal(guessClassId('1.0.32.7.0.255'), 3);
    assert.equal(guessClassId('0.0.96.1.0.255'), 1);
    assert.equal(guessClassId('1.0.1.6.0.255'), 4);
  });
});

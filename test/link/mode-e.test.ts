import assert from 'node:assert/strict';
import { IdentificationReader, ModeEResponder, modeEAck, parseIdentification, requestMessage } from '../../src/link/iec62056-21/identification';
import { isDlmsError } from '../../src/errors';

describe('IEC 62056-21 mode E messages', () => {
  it('builds the request with and without a device address, and the mode E acknowledgement', () => {
    assert.equal(requestMessage().toString('latin1'), '/?!\r\n');
    assert.equal(requestMessage('12345678').toString('latin1'), '/?12345678!\r\n');
    assert.deepEqual([...modeEAck('5')], [0x06, 0x32, 0x35, 0x32, 0x0d, 0x0a]);
    assert.throws(() => modeEAck('9'), (e: unknown) => isDlmsError(e) && e.code === 'invalid-argument');
  });

  it('parses identifications, including the \\2 mode E escape and the 20 ms reaction flag', () => {
    assert.deepEqual(parseIdentification(Buffer.from('/LGZ4ZMD3104107.B32\r\n')), {
      manufacturer: 'LGZ', baudChar: '4', baudRate: 4800, identification: 'ZMD3104107.B32', fastReaction: false, modeE: false,
    });
    const e = parseIdentification(Buffer.from('/ISk5\\2MT382-1000\r\n'));
    assert.equal(e.baudRate, 9600);
    assert.equal(e.modeE, true);
    assert.equal(e.fastReaction, true);
    assert.equal(parseIdentification(Buffer.from('/ABCA\r\n')).baudRate, null); // mode A/B letter, not a C/E rate
  });

  it('reads the identification across chunks, skipping noise, with the parity bit set', () => {
    const r = new IdentificationReader();
    assert.equal(r.push(Buffer.from([0x00, 0xff])), null);
    const line = Buffer.from('/KFM6MT174\r\n');
    const withParity = Buffer.from([...line].map((b) => b | 0x80));
    assert.equal(r.push(withParity.subarray(0, 4)), null);
    const id = r.push(withParity.subarray(4));
    assert.equal(id?.manufacturer, 'KFM');
    assert.equal(id?.baudRate, 19200);
  });

  it('refuses an endless line with an error instead of buffering it', () => {
    const r = new IdentificationReader();
    assert.throws(() => r.push(Buffer.from('/' + 'A'.repeat(200))), (e: unknown) => isDlmsError(e) && e.code === 'malformed-frame');
  });

  it('meter side: answers its own address or none, ignores others, switches on ACK 2 Z 2', () => {
    const m = new ModeEResponder({ manufacturer: 'XYZ', baudRate: 9600, identification: '\\2METER', address: '42' });
    assert.deepEqual(m.push(Buffer.from('/?41!\r\n')).map((a) => a.type), ['ignored']);
    const [ans] = m.push(Buffer.from('/?42!\r\n'));
    assert.deepEqual(ans, { type: 'send', bytes: Buffer.from('/XYZ5\\2METER\r\n', 'latin1') });
    assert.deepEqual(m.push(Buffer.from('/?!\r\n')).map((a) => a.type), ['send']);
    assert.deepEqual(m.push(modeEAck('6')), [{ type: 'switch', baudRate: 19200 }]);
    assert.deepEqual(m.push(Buffer.from([0x06, 0x30, 0x35, 0x30, 0x0d, 0x0a])).map((a) => a.type), ['ignored']);
  });
});

import type { ServerLink } from '../../link/session/types';
import { AssociationEngine } from '../session/engine';
import type { SessionAddress } from '../session/types';
import type { SimMeter } from './meter';

/**
 * One client connection to one meter: feeds the link's request APDUs to the association
 * engine of the addressed client SAP and logical device, and sends the answers in order.
 * Engines are created on first use, so an idle connection costs only the link.
 */
export class MeterConnection {
  private readonly engines = new Map<string, AssociationEngine>();
  private queue: Promise<void> = Promise.resolve();
  private readonly onApdu = (apdu: Buffer): void => this.request(apdu);
  private readonly onDisconnected = (): void => this.engines.clear();

  constructor(readonly meter: SimMeter, readonly link: ServerLink, private readonly addressOf: () => SessionAddress | undefined) {
    link.on('apdu', this.onApdu);
    link.on('disconnected', this.onDisconnected);
  }

  private engine(addr: SessionAddress): AssociationEngine {
    const key = `${addr.logicalDevice}:${addr.clientSap}`;
    let e = this.engines.get(key);
    if (!e) {
      e = new AssociationEngine(this.meter.security, addr, () => ({ refuse: this.meter.faults.refuseAssociations }));
      this.engines.set(key, e);
    }
    return e;
  }

  private request(apdu: Buffer): void {
    const addr = this.addressOf();
    if (!addr) return;
    const answers = this.engine(addr).handle(apdu);
    for (const a of answers) {
      this.queue = this.queue.then(() => this.link.reply(a)).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.link.off('apdu', this.onApdu);
    this.link.off('disconnected', this.onDisconnected);
    this.engines.clear();
    await this.link.close();
  }
}

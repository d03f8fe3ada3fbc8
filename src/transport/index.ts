export { Transport, TransportEvents, BaseTransport, socketError } from './transport';
export { TcpTransport, TcpOptions, TcpConnectionTransport } from './tcp';
export { TcpServerTransport, TcpServerOptions, TcpServerEvents } from './tcp-server';
export { UdpTransport, UdpOptions, UdpPeerTransport, UdpServerTransport, UdpServerOptions, UdpServerEvents } from './udp';
export { SerialTransport, SerialOptions, SerialSettings, Parity } from './serial';

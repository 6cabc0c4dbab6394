/**
 * The wire format: lab segments as IPv4/IPv6 TCP packets, and pcap/pcapng files, both ways. Pure: bytes in
 * (Uint8Array), bytes out; the server and the CLI do the file and network I/O.
 */
export * from './address';
export * from './capture';
export * from './checksum';
export * from './errors';
export * from './export';
export * from './files';
export * from './import';
export * from './packet';
export * from './pcap';
export * from './pcapng';
export * from './segments';

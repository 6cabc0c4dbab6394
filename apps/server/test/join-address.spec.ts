import { joinAddress, lanAddresses } from '../src/health/join-address.controller';

describe('the join address students are shown', () => {
  it('is PUBLIC_URL when the teacher configured one (with a trailing slash)', () => {
    expect(
      joinAddress({ publicUrl: 'https://lab.school.example', host: '0.0.0.0', port: 3000 }, ['10.0.0.5']),
    ).toEqual({
      url: 'https://lab.school.example/',
      source: 'configured',
      lanAddresses: ['10.0.0.5'],
    });
  });

  it("is the server's LAN address and port when it listens on every interface", () => {
    expect(
      joinAddress({ publicUrl: undefined, host: '0.0.0.0', port: 3000 }, ['192.168.1.20', '10.0.0.5']).url,
    ).toBe('http://192.168.1.20:3000/');
  });

  it('says loopback when the server listens only on this machine or has no network', () => {
    expect(
      joinAddress({ publicUrl: undefined, host: '127.0.0.1', port: 4000 }, ['192.168.1.20']).source,
    ).toBe('loopback');
    expect(joinAddress({ publicUrl: undefined, host: '0.0.0.0', port: 4000 }, []).source).toBe('loopback');
  });

  it('lists IPv4 addresses other devices can reach: not loopback, not link-local, not IPv6', () => {
    const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
      ({ address, family, internal, netmask: '', mac: '', cidr: null }) as never;
    expect(
      lanAddresses({
        lo: [nic('127.0.0.1', 'IPv4', true)],
        eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6')],
        wlan0: [nic('169.254.3.4', 'IPv4')],
      }),
    ).toEqual(['192.168.1.20']);
  });
});

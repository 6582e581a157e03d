import { BadRequestException } from '@nestjs/common';
import { assertPublicHttpUrl, guardedLookup, isBlockedAddress } from './outbound-url.js';

describe('outbound URL guard (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );

  it('refuses private hosts, names resolving to them, credentials and other schemes when saving a URL', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/',
      'http://169.254.169.254/latest',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      await expect(assertPublicHttpUrl('url', url, false)).rejects.toThrow(/private, loopback or link-local/);
    }
    await expect(assertPublicHttpUrl('url', 'ftp://93.184.216.34/', false)).rejects.toThrow(BadRequestException);
    await expect(assertPublicHttpUrl('url', 'https://user:pw@93.184.216.34/', false)).rejects.toThrow(/credentials/);
    await expect(assertPublicHttpUrl('url', 'https://93.184.216.34/hook', false)).resolves.toBeUndefined();
    await expect(assertPublicHttpUrl('url', 'http://127.0.0.1:8080/hook', true)).resolves.toBeUndefined();
  });

  it('refuses blocked addresses at connection time', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error?.code).toBe('EBLOCKED');
    const allowed = await new Promise<string>((resolve, reject) =>
      guardedLookup(true)('localhost', {}, (err, address) => (err ? reject(err) : resolve(address as string))),
    );
    expect(['127.0.0.1', '::1']).toContain(allowed);
  });
});

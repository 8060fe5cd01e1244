import { isPublicAddress, UrlPolicy } from './url-policy.js';

describe('where webhooks may go', () => {
  const strict = new UrlPolicy(false);

  it('accepts public http(s) URLs', () => {
    expect(strict.problem('https://hooks.example.org/tracker')).toBeNull();
    expect(strict.problem('http://93.184.216.34:8080/x')).toBeNull();
  });

  it('refuses other schemes, credentials, loopback, private and reserved addresses', () => {
    for (const url of [
      'ftp://example.org/x',
      'not a url',
      'https://user:pass@example.org/',
      'http://localhost:3000/',
      'http://api.localhost/',
      'http://127.0.0.1/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
    ])
      expect([url, strict.problem(url)]).toEqual([url, expect.any(String)]);
  });

  it('lets a setting allow private addresses, never other schemes', () => {
    const open = new UrlPolicy(true);
    expect(open.problem('http://127.0.0.1:9999/hook')).toBeNull();
    expect(open.problem('file:///etc/passwd')).toEqual(expect.any(String));
  });

  it('tells public addresses from the rest', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true);
    expect(isPublicAddress('100.64.0.1')).toBe(false);
    expect(isPublicAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isPublicAddress('example.org')).toBe(false);
  });

  it('refuses, when connecting, a name that resolves to a loopback address', (done) => {
    strict.lookup('localhost', {}, (error) => {
      expect(error).toMatchObject({ code: 'ENOTPUBLIC' });
      done();
    });
  });
});

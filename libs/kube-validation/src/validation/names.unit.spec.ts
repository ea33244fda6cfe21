import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName, nameIsDNSSubdomain, regexError } from './names';

// Upstream's regular expressions, verbatim, as the oracle.
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsish = fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', '.', 'A', '_'), maxLength: 70 });

describe('name validators', () => {
  it('agree with upstream\'s DNS-1123 label regex and length on random strings', () => {
    fc.assert(fc.property(dnsish, (s) => isDNS1123Label(s).length === 0 === (dns1123Label.test(s) && s.length <= 63)));
  });

  it('agree with upstream\'s DNS-1123 subdomain regex and length on random strings', () => {
    const long = fc.string({ unit: fc.constantFrom('a', '-', '.', 'B'), maxLength: 300 });
    fc.assert(fc.property(fc.oneof(dnsish, long), (s) => isDNS1123Subdomain(s).length === 0 === (dns1123Subdomain.test(s) && s.length <= 253)));
  });

  it('given a name with dots, when checked as a label, then upstream\'s "must not contain dots" is returned', () => {
    expect(isDNS1123Label('web.v2')).toEqual(['must not contain dots']);
  });

  it('given an upper-case name, when checked as a subdomain, then upstream\'s message is returned', () => {
    expect(isDNS1123Subdomain('Nginx')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it('regexError writes the examples as upstream\'s RegexError loop does: "\'x\', " each, " or " between, so two spaces before "or"', () => {
    expect(regexError('m', 'f')).toBe("m (regex used for validation is 'f')");
    expect(regexError('m', 'f', 'a')).toBe("m (e.g. 'a', regex used for validation is 'f')");
    expect(regexError('m', 'f', 'a', 'b', 'c')).toBe("m (e.g. 'a',  or 'b',  or 'c', regex used for validation is 'f')");
  });

  it('given a name starting with a digit, when checked as a DNS-1035 label, then upstream\'s message is returned', () => {
    expect(isDNS1035Label('1web')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('given qualified names, when checked, then prefix and name parts are judged separately', () => {
    expect(isQualifiedName('example.com/MyName')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(isQualifiedName('x'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });

  it('given label values, when checked, then empty is fine and a leading dash is not', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('-x')).toHaveLength(1);
  });

  it('given port names, when checked, then IANA_SVC_NAME rules apply', () => {
    expect(isValidPortName('http')).toEqual([]);
    expect(isValidPortName('a-very-long-port-name')).toEqual(['must be no more than 15 characters']);
    expect(isValidPortName('80')).toEqual(['must contain at least one letter (a-z)']);
    expect(isValidPortName('a--b')).toEqual(['must not contain consecutive hyphens']);
  });

  it('given a generateName ending in a dash, when checked as a prefix, then it is accepted', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toHaveLength(1);
  });
});

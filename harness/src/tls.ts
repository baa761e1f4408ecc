/**
 * @module
 * A self-signed certificate for `localhost`, `127.0.0.1` and `::1`, valid from 2000 to 2100, for
 * tests that serve HTTPS on loopback. Test code only: the key is public.
 */

/** The private key (P-256), PEM. */
export const localhostKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQga7gn7vDuEppWbXMN
fpi7Gw2tT/W1KqZnFdZpTYThlDOhRANCAASh078+GRWtu733MZyYaAaltwOo/H94
bkEOx/jJg33trKtfxAcEY/9bgY2UIWSi5fBMS+5fXJEP8yi8Wf0Wqsb8
-----END PRIVATE KEY-----
`;

/** The certificate, PEM: pass it as `ca` to a client so it trusts the server. */
export const localhostCert = `-----BEGIN CERTIFICATE-----
MIIBczCCARmgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABKHTvz4ZFa27vfcx
nJhoBqW3A6j8f3huQQ7H+MmDfe2sq1/EBwRj/1uBjZQhZKLl8ExL7l9ckQ/zKLxZ
/RaqxvyjWjBYMCwGA1UdEQQlMCOCCWxvY2FsaG9zdIcEfwAAAYcQAAAAAAAAAAAA
AAAAAAAAATAJBgNVHRMEAjAAMB0GA1UdDgQWBBRA4EVjv+TwzCOgkgiMkAsnZ6b2
bjAKBggqhkjOPQQDAgNIADBFAiBm3xtkH8fOTlvsaaRGEn4kttpeifpI8yMaoRT0
zfv0BwIhAOxkrgQuE/sMoQBB4iSUIw4vgwt9/vwYLJHj1d0Fm9Vk
-----END CERTIFICATE-----
`;

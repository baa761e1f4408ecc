// Debian's Chromium (apt-get install -y chromium), never a downloaded browser. CI installs it, so a
// missing browser fails the suites that use it rather than skipping them.

/** Where Debian puts Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags that work on this machine: no sandbox as root, and nothing that reaches the network. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// TLS-inspecting proxies and antivirus products, recognised by the names they put in the roots
// they install. A match is a hint for people ("this is your office proxy"), never a trust decision.
const VENDORS: Array<[RegExp, string]> = [
  [/zscaler/i, 'Zscaler'],
  [/netskope/i, 'Netskope'],
  [/fortinet|fortigate/i, 'Fortinet'],
  [/palo ?alto/i, 'Palo Alto Networks'],
  [/kaspersky/i, 'Kaspersky'],
  [/avast/i, 'Avast'],
  [/\bAVG\b/, 'AVG'],
  [/\bESET\b/i, 'ESET'],
  [/bitdefender/i, 'Bitdefender'],
  [/sophos/i, 'Sophos'],
  [/fiddler/i, 'Fiddler'],
  [/charles proxy|charles ssl/i, 'Charles Proxy'],
  [/mitmproxy/i, 'mitmproxy'],
  [/portswigger|burp/i, 'Burp Suite'],
  [/blue ?coat|proxysg/i, 'Blue Coat'],
  [/cisco umbrella|opendns/i, 'Cisco Umbrella'],
  [/forcepoint|websense/i, 'Forcepoint'],
  [/mcafee/i, 'McAfee'],
  [/check ?point/i, 'Check Point'],
  [/barracuda/i, 'Barracuda'],
  [/menlo security/i, 'Menlo Security'],
  [/\biboss\b/i, 'iboss'],
  [/untangle/i, 'Untangle'],
  [/smoothwall/i, 'Smoothwall'],
  [/lightspeed/i, 'Lightspeed'],
  [/securly/i, 'Securly'],
  [/goguardian/i, 'GoGuardian'],
  [/trend ?micro/i, 'Trend Micro'],
  [/cloudflare for teams|cloudflare gateway/i, 'Cloudflare Gateway'],
  [/sangfor|深信服/i, 'Sangfor'],
  [/qi-?anxin|奇安信/i, 'Qi An Xin'],
];

export function vendorOf(...names: string[]): string | undefined {
  for (const name of names) for (const [re, vendor] of VENDORS) if (re.test(name)) return vendor;
  return undefined;
}

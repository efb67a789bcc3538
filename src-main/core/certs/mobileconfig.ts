// A root as an Apple configuration profile (.mobileconfig), for IT to deliver through their MDM: the
// route for a managed Mac. One Certificate payload of PayloadType com.apple.security.root
// whose PayloadContent is the certificate's DER (plist <data>, base64), inside a profile of
// PayloadType Configuration, system scope. Unsigned: the MDM signs what it delivers.
// Sources: https://developer.apple.com/documentation/devicemanagement/certificateroot ("Specify
// com.apple.security.root as the payload type"; device channel on macOS) and
// https://developer.apple.com/documentation/devicemanagement/toplevel (the top-level keys: PayloadContent,
// PayloadIdentifier, PayloadType "Configuration", PayloadUUID, PayloadVersion 1, and macOS's PayloadScope,
// "System" for a device profile); the keys of one payload as in a deployed root profile.
// Written on any OS: the person making it for IT need not be on a Mac.

/** An identifier and a UUID-shaped string made from the root's SHA-256: the same root gives the same
 * profile, so IT delivering it again replaces the earlier one instead of adding a second. */
function ids(sha256Hex: string, suffix: string): { identifier: string; uuid: string } {
  const h = sha256Hex.replace(/:/g, '').toUpperCase();
  const part = suffix === 'cert' ? h.slice(32, 64) : h.slice(0, 32);
  const uuid = `${part.slice(0, 8)}-${part.slice(8, 12)}-${part.slice(12, 16)}-${part.slice(16, 20)}-${part.slice(20, 32)}`;
  return { identifier: `dev.trustfix.root.${h.slice(0, 16).toLowerCase()}${suffix === 'cert' ? '.cert' : ''}`, uuid };
}

/** Text for a plist <string>: markup escaped, and the control characters XML 1.0 cannot hold dropped. */
// eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 forbids
const XML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;
const xml = (s: string): string =>
  s.replace(XML_FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The profile's XML. `name`: the root's subject, for the names shown in System Settings. */
export function rootProfile(der: Buffer, sha256Hex: string, name: string): string {
  const outer = ids(sha256Hex, 'profile');
  const inner = ids(sha256Hex, 'cert');
  const base64 = der.toString('base64').replace(/.{1,64}/g, (line) => `\t\t\t${line}\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>PayloadContent</key>
\t<array>
\t\t<dict>
\t\t\t<key>PayloadCertificateFileName</key>
\t\t\t<string>root.cer</string>
\t\t\t<key>PayloadContent</key>
\t\t\t<data>
${base64}\t\t\t</data>
\t\t\t<key>PayloadDisplayName</key>
\t\t\t<string>${xml(name)}</string>
\t\t\t<key>PayloadIdentifier</key>
\t\t\t<string>${inner.identifier}</string>
\t\t\t<key>PayloadType</key>
\t\t\t<string>com.apple.security.root</string>
\t\t\t<key>PayloadUUID</key>
\t\t\t<string>${inner.uuid}</string>
\t\t\t<key>PayloadVersion</key>
\t\t\t<integer>1</integer>
\t\t</dict>
\t</array>
\t<key>PayloadDisplayName</key>
\t<string>${xml(name)}</string>
\t<key>PayloadIdentifier</key>
\t<string>${outer.identifier}</string>
\t<key>PayloadScope</key>
\t<string>System</string>
\t<key>PayloadType</key>
\t<string>Configuration</string>
\t<key>PayloadUUID</key>
\t<string>${outer.uuid}</string>
\t<key>PayloadVersion</key>
\t<integer>1</integer>
</dict>
</plist>
`;
}

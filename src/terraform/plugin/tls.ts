// The provider's side of go-plugin's automatic mutual TLS: a fresh self-signed ECDSA P-256 server certificate.
// Never writes the private key anywhere but memory; the certificate carries no keyward data.
import { generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** DER of the certificate in base64, standard alphabet without padding (the handshake's last field). */
  readonly certBase64: string;
}

/** ecdsa-with-SHA256 (RFC 5758): the signature algorithm, with no parameters. */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

function toPem(label: string, der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function generateP256(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) =>
    generateKeyPair('ec', { namedCurve: 'P-256' }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
}

function extension(extnID: string, critical: boolean, value: object): asn.Extension {
  return new asn.Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** CN=localhost, O=keyward. */
function name(): asn.Name {
  const rdn = (type: string, value: string) =>
    new asn.RelativeDistinguishedName([
      new asn.AttributeTypeAndValue({ type, value: new asn.AttributeValue({ utf8String: value }) }),
    ]);
  return new asn.Name([rdn(COMMON_NAME, 'localhost'), rdn(ORGANIZATION, 'keyward')]);
}

/** A certificate for `localhost`, valid from a minute ago for 30 days, with a random positive serial. */
export async function createServerCertificate(now: Date): Promise<ServerCertificate> {
  const keys = await generateP256(); // generated off the main thread
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive, and no leading zero byte
  const algorithm = new asn.AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const tbsCertificate = new asn.TBSCertificate({
    version: asn.Version.v3,
    serialNumber: new Uint8Array(serial).buffer,
    signature: algorithm,
    issuer: name(),
    validity: new asn.Validity({
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 30 * 86_400_000),
    }),
    subject: name(),
    subjectPublicKeyInfo: AsnConvert.parse(
      keys.publicKey.export({ type: 'spki', format: 'der' }),
      asn.SubjectPublicKeyInfo,
    ),
    extensions: new asn.Extensions([
      extension(asn.id_ce_basicConstraints, true, new asn.BasicConstraints({ cA: true })),
      extension(
        asn.id_ce_keyUsage,
        true,
        new asn.KeyUsage(
          asn.KeyUsageFlags.digitalSignature | asn.KeyUsageFlags.keyEncipherment | asn.KeyUsageFlags.keyCertSign,
        ),
      ),
      extension(asn.id_ce_extKeyUsage, false, new asn.ExtendedKeyUsage([asn.id_kp_serverAuth, asn.id_kp_clientAuth])),
      extension(
        asn.id_ce_subjectAltName,
        false,
        new asn.SubjectAlternativeName([new asn.GeneralName({ dNSName: 'localhost' })]),
      ),
    ]),
  });
  const tbs = Buffer.from(AsnConvert.serialize(tbsCertificate));
  const signatureValue = sign('sha256', tbs, { key: keys.privateKey, dsaEncoding: 'der' });
  const der = Buffer.from(
    AsnConvert.serialize(
      new asn.Certificate({
        tbsCertificate,
        signatureAlgorithm: algorithm,
        signatureValue: new Uint8Array(signatureValue).buffer,
      }),
    ),
  );
  return {
    certPem: toPem('CERTIFICATE', der),
    keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certBase64: der.toString('base64').replace(/=+$/, ''),
  };
}

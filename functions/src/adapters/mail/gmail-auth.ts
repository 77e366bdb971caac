// Credentials for sending as a Workspace user: a key file with domain-wide delegation, or keyless delegation via IAM.
import { GoogleAuth, JWT, OAuth2Client } from 'google-auth-library';
import { clientOptions, SCOPES, type GoogleClientOptions } from '../google/clients.js';
import { GMAIL_SCOPES } from './gmail-mailer.js';

/** Signs bytes as a service account and names it; GoogleAuth does both with the function's own identity. */
export interface ServiceAccountSigner {
  email(): Promise<string>;
  /** Base64 RSA-SHA256 signature of `data`. */
  sign(data: string): Promise<string>;
}

export const TOKEN_URL = 'https://oauth2.googleapis.com/token';

export function googleAuthSigner(auth: GoogleAuth = new GoogleAuth({ scopes: [SCOPES.cloudPlatform] })): ServiceAccountSigner {
  return {
    async email() {
      const credentials = await auth.getCredentials();
      if (!credentials.client_email)
        throw new Error('the function runs without a service account e-mail; set GMAIL_KEY_FILE or run as a service account');
      return credentials.client_email;
    },
    // Without a key, GoogleAuth asks the IAM Credentials API to sign (the identity needs Service Account Token Creator on itself).
    sign: (data) => auth.sign(data),
  };
}

/**
 * Domain-wide delegation without a key file, the way Cloud Functions should run: the service account
 * signs a JWT assertion naming the user (`sub`) through IAM, and Google's token endpoint exchanges it
 * for an access token. google-auth-library only does this with a private key in hand, hence this.
 */
export function keylessDelegation(
  signer: ServiceAccountSigner,
  subject: string,
  scopes: readonly string[],
  tokenUrl = TOKEN_URL,
): OAuth2Client {
  const client = new OAuth2Client();
  client.refreshHandler = async () => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: await signer.email(), sub: subject, scope: scopes.join(' '), aud: tokenUrl, iat: issuedAt, exp: issuedAt + 3600 })}`;
    const signature = Buffer.from(await signer.sign(unsigned), 'base64').toString('base64url');
    const response = await client.transporter.request<{ access_token?: string; expires_in?: number }>({
      url: tokenUrl,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: `${unsigned}.${signature}`,
      }).toString(),
    });
    const token = response.data.access_token;
    if (!token) throw new Error(`the token endpoint gave no access token for ${subject}`);
    return { access_token: token, expiry_date: Date.now() + (response.data.expires_in ?? 3600) * 1000 };
  };
  return client;
}

/** A key file of a service account allowed domain-wide delegation, acting as `subject`. */
export function keyFileDelegation(keyFile: string, subject: string, scopes: readonly string[]): JWT {
  return new JWT({ keyFile, scopes: [...scopes], subject });
}

/**
 * The Gmail client's root URL and credentials: none against GOOGLE_API_ROOT_URL, else the sender by delegation,
 * through a key file when one is given, keyless through IAM (a deployed function) when not.
 */
export function senderClientOptions(
  rootUrl: string | undefined,
  sender: string,
  keyFile: string | undefined,
): GoogleClientOptions<OAuth2Client> {
  return clientOptions(rootUrl, () =>
    keyFile === undefined ? keylessDelegation(googleAuthSigner(), sender, GMAIL_SCOPES) : keyFileDelegation(keyFile, sender, GMAIL_SCOPES),
  );
}

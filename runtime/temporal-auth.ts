// How the app's clients and workers prove themselves to a Temporal cluster: mTLS (a client certificate,
// the cluster's CA, its server name) and/or an API key (sent as `Authorization: Bearer`). The files are
// read and checked once at start, so a wrong file is one line there, not a failing connection later.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

export interface TemporalAuthEnv {
  cert?: string | undefined;
  key?: string | undefined;
  ca?: string | undefined;
  serverName?: string | undefined;
  /** TEMPORAL_TLS: unset, TLS is on as soon as a certificate, a CA, a server name or an API key is given. */
  tls?: boolean | undefined;
  apiKey?: string | undefined;
}

/** Spread into Connection.connect and NativeConnection.connect (only the keys that are set). */
export interface TemporalAuth {
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

export function temporalAuth(e: TemporalAuthEnv, fail: (msg: string) => Error): TemporalAuth {
  if (!!e.cert !== !!e.key) throw fail('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its private key)');
  const wantsTls = !!(e.cert || e.ca || e.serverName || e.apiKey);
  if (e.tls === false && (e.cert || e.ca || e.serverName)) throw fail('TEMPORAL_TLS is false but TEMPORAL_TLS_CERT, _CA or _SERVER_NAME is set');
  const auth: TemporalAuth = {};
  if (e.apiKey) auth.apiKey = e.apiKey;
  if (!(e.tls ?? wantsTls)) {
    // Explicitly off: the SDK would turn TLS on for an API key.
    if (e.apiKey) auth.tls = false;
    return auth;
  }
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw fail(`cannot read ${name} ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  const certificate = (name: string, file: string) => {
    const pem = read(name, file);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      throw fail(`${name} ${file} is not a PEM certificate`);
    }
    if (new Date(cert.validTo) < new Date()) throw fail(`${name} ${file} expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`);
    return { pem, cert };
  };
  const tls: TLSConfig = {};
  if (e.serverName) tls.serverNameOverride = e.serverName;
  if (e.ca) tls.serverRootCACertificate = certificate('TEMPORAL_TLS_CA', e.ca).pem;
  if (e.cert && e.key) {
    const { pem, cert } = certificate('TEMPORAL_TLS_CERT', e.cert);
    const keyPem = read('TEMPORAL_TLS_KEY', e.key);
    let key: KeyObject;
    try {
      key = createPrivateKey(keyPem);
    } catch {
      throw fail(`TEMPORAL_TLS_KEY ${e.key} is not a PEM private key (unencrypted)`);
    }
    if (!cert.checkPrivateKey(key)) throw fail(`TEMPORAL_TLS_KEY ${e.key} is not the key of TEMPORAL_TLS_CERT ${e.cert}`);
    tls.clientCertPair = { crt: pem, key: keyPem };
  }
  auth.tls = Object.keys(tls).length ? tls : true;
  return auth;
}

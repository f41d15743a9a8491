// Is a real Secret Service reachable from this process? Tests that need one skip loudly when it
// is not, and fail under CI (CI=true), where scripts/with-keyring.sh always provides one.
import { KeytarKeychain } from '../../src/core/keychain';

/** Undefined when a probe set-and-delete works, else why not. */
export async function probeSecretService(service: string): Promise<string | undefined> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS)
    return 'DBUS_SESSION_BUS_ADDRESS is not set (no D-Bus session)';
  const probe = new KeytarKeychain({ service: `${service}-probe`, timeoutMs: 3_000 });
  try {
    await probe.setPrivateKey('private_probe', 'probe');
    await probe.deletePrivateKey('probe');
    return undefined;
  } catch (error) {
    return `the Secret Service did not work: ${(error as Error).message}`;
  }
}

// Purge request IDs shaped like ImageKit's: MongoDB ObjectIds, 24 lowercase hex characters whose
// first 4 bytes are the submission time in seconds (big-endian), so the engine can read it back.
import { randomBytes } from 'node:crypto';

const processRandom = randomBytes(5);
let counter = randomBytes(3).readUIntBE(0, 3);

/** A fresh ObjectId-like request ID stamped with `timeMs` (epoch milliseconds). */
export function objectIdAt(timeMs: number): string {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(timeMs / 1000) >>> 0, 0);
  processRandom.copy(bytes, 4);
  counter = (counter + 1) % 0x1000000;
  bytes.writeUIntBE(counter, 9, 3);
  return bytes.toString('hex');
}

/**
 * Byte plumbing for the wire format: big-endian fields, UTF-8, concatenation. Uint8Array in, Uint8Array out;
 * no Node Buffer, so the same code runs in the browser.
 */

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const view = (bytes: Uint8Array): DataView =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export const utf8Encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Decodes UTF-8, or returns undefined when the bytes are not valid UTF-8 (binary payload). */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Rounds up to a multiple of 4 (pcapng pads every block body and option value to 32 bits). */
export const pad4 = (n: number): number => (n + 3) & ~3;

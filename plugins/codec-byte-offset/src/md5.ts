import { createHash } from 'node:crypto';

/**
 * The CBF `Content-MD5` value of a payload: base64 of the MD5 of the X-Binary-Size data bytes
 * (after the marker, without padding). CBFlib rejects a file whose value does not match.
 */
export function contentMd5(payload: Uint8Array): string {
  return createHash('md5').update(payload).digest('base64');
}

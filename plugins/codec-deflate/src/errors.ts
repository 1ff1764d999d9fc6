/** A chunk that is not a valid zlib stream for this frame; the codec turns it into a BeamstackError DECODE. */
export class DeflateFormatError extends Error {
  override readonly name = 'DeflateFormatError';
}

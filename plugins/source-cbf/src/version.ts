export const STAGE_ID = 'cbf';
/** The codec of the frames this source emits when verifying: byte-offset checked against Content-MD5. */
export const VERIFIED_CODEC_ID = 'byte-offset-md5';

/** Line end of every text line Pilatus detectors, CBFlib and fabio write (FORMATS.md §8.1). */
export const CRLF = '\r\n';

/** Start of the first line; dxtbx only looks at "###CBF", the oracle wants the version too. */
export const CBF_MAGIC = '###CBF';

/** Opens the MIME header of the binary section. */
export const SECTION_START = '--CIF-BINARY-FORMAT-SECTION--';

/** Closes the binary section (four trailing dashes), after the data and their padding. */
export const SECTION_END = '--CIF-BINARY-FORMAT-SECTION----';

/** Zero bytes Pilatus/CBFlib write after the data (CBFlib's PAD_4K). */
export const PAD_4K = 4095;

/** `_array_data.header_convention` of Pilatus/Eiger miniCBF files. */
export const PILATUS_CONVENTION = 'PILATUS_1.2';

/**
 * The convention dxtbx reads with its plain miniCBF class, without a detector-specific module
 * layout: used when the frame size is no real Pilatus/Eiger size.
 */
export const GENERIC_CONVENTION = 'GENERIC_MINI';

/** A reader never scans further than this for the binary section (text header + CIF items). */
export const MAX_TEXT_BYTES = 1 << 20;

/** ... nor further than this for the end of the MIME header. */
export const MAX_MIME_BYTES = 64 << 10;

/** Largest accepted frame side and pixel count (Eiger2 16M is 4150 x 4371 = 18 M pixels). */
export const MAX_DIMENSION = 1 << 20;
export const MAX_PIXELS = 1 << 28;

/**
 * fabio looks for the binary section in the first 16 x 512 bytes; a longer text header makes it
 * read the whole file as CIF. Our writer keeps its text below this.
 */
export const TEXT_BUDGET = 7680;

/** CIF 1.0 line length; CBFlib warns about longer lines. Our machine-readable lines stay within. */
export const CIF_LINE_LIMIT = 80;

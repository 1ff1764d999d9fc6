import { Hdf5Reader } from '@beamstack/hdf5';
import type { OpenReader, ReaderFile } from './reader-api.js';

/** Opens a file with the @beamstack/hdf5 chunk reader (its type is checked against ReaderFile here). */
export const openHdf5Reader: OpenReader = async (path): Promise<ReaderFile> => Hdf5Reader.open(path);

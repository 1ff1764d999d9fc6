import { describeCodecConformance } from '@beamstack/testkit/vitest';
import { byteOffsetCodec } from '../src/index.js';

describeCodecConformance(byteOffsetCodec);

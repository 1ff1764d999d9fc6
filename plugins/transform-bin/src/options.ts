import type { InferOptions } from '@beamstack/contract';

export const binOptionsSchema = {
  type: 'object',
  properties: {
    factor: { type: 'integer', minimum: 2, maximum: 32, description: 'b: each output pixel covers b x b input pixels (2 … 32, at most the frame height and width)' },
    mode: {
      type: 'string',
      enum: ['sum', 'mean'],
      default: 'sum',
      description: "'sum': counts add up (saturation x b²); 'mean': integer mean, rounded half to even (same type and saturation)",
    },
    maskAware: {
      type: 'boolean',
      default: false,
      description: 'false: a bin with any masked pixel is masked; true: a bin with at least half its pixels valid is estimated from them (sum scaled to the whole bin, or their mean)',
    },
    edges: {
      type: 'string',
      enum: ['crop', 'pad'],
      default: 'crop',
      description: "rows/columns beyond the last whole bin: 'crop' drops them; 'pad' keeps partial bins, the missing pixels counting as gap (no sensor)",
    },
    overflow: {
      type: 'string',
      enum: ['widen', 'clip'],
      default: 'widen',
      description: "mode 'sum' only: 'widen' to a wider type when b² x saturation does not fit (refused when not even uint32 can); 'clip' keeps the type and sums reaching its ceiling read as saturated",
    },
  },
  required: ['factor'],
} as const;

export type BinOptions = InferOptions<typeof binOptionsSchema>;

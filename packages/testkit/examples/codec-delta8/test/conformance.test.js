import { test } from 'node:test';
import { codecConformance } from '@beamstack/testkit';
import plugin from '../index.js';

for (const codec of plugin.stages) {
  for (const check of codecConformance(codec)) {
    test(`${codec.id}: ${check.name}`, () => check.run());
  }
}

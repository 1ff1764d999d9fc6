import { buildBackgroundLevels } from './background.js';
import type { BackgroundLevels } from './background.js';
import { crystalFor } from './crystal.js';
import type { Crystal } from './crystal.js';
import { buildDefects } from './mask.js';
import type { PixelDefects } from './mask.js';
import { optionsKey } from './options.js';
import type { SimulateOptions } from './options.js';
import { ReflectionModel } from './reflections.js';
import { sceneFor } from './scene.js';
import type { Scene } from './scene.js';

/**
 * Everything a frame is made from, built lazily and kept per thread so that every frame after the
 * first costs only the per-frame noise. All parts are pure functions of the options, so each
 * worker thread rebuilds the same model on its own.
 */
export class SimulationModel {
  readonly scene: Scene;
  private cachedDefects: PixelDefects | null = null;
  private cachedCrystal: Crystal | null = null;
  private cachedReflections: ReflectionModel | null = null;
  private cachedBackground: BackgroundLevels | null = null;

  constructor(options: SimulateOptions) {
    this.scene = sceneFor(options);
  }

  get defects(): PixelDefects {
    this.cachedDefects ??= defectsFor(this.scene);
    return this.cachedDefects;
  }

  get crystal(): Crystal {
    this.cachedCrystal ??= crystalFor(this.scene.options);
    return this.cachedCrystal;
  }

  get reflections(): ReflectionModel {
    this.cachedReflections ??= new ReflectionModel(this.scene, this.crystal);
    return this.cachedReflections;
  }

  get background(): BackgroundLevels {
    this.cachedBackground ??= buildBackgroundLevels(this.scene, this.defects.mask);
    return this.cachedBackground;
  }
}

/**
 * Small caches: a 16M model holds ~110 MB (mask, background levels), so only the most recent few
 * option sets are kept. Defects depend on fewer options and are shared between models.
 */
const MODEL_CAPACITY = 2;
const models = new Map<string, SimulationModel>();
const defects = new Map<string, PixelDefects>();

export function modelFor(options: SimulateOptions): SimulationModel {
  const key = optionsKey(options);
  let model = models.get(key);
  if (model) {
    models.delete(key);
  } else {
    model = new SimulationModel(options);
  }
  models.set(key, model);
  while (models.size > MODEL_CAPACITY) models.delete(models.keys().next().value!);
  return model;
}

function defectsFor(scene: Scene): PixelDefects {
  const key = `${scene.options.detector}/${scene.options.seed}`;
  let found = defects.get(key);
  if (found) {
    defects.delete(key);
  } else {
    found = buildDefects(scene.geometry, scene.options.seed);
  }
  defects.set(key, found);
  while (defects.size > MODEL_CAPACITY) defects.delete(defects.keys().next().value!);
  return found;
}

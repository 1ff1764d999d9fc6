/** Splits an HDF5 path into link names; '' and '.' components (and repeated slashes) vanish. */
export function pathComponents(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/** The canonical absolute form: '/a/b'. */
export function joinComponents(components: readonly string[]): string {
  return `/${components.join('/')}`;
}

/**
 * Components of a soft link's target: absolute targets start at the root, relative ones at the
 * group holding the link.
 */
export function softTarget(groupComponents: readonly string[], target: string): string[] {
  return target.startsWith('/') ? pathComponents(target) : [...groupComponents, ...pathComponents(target)];
}

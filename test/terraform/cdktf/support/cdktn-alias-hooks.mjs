// Module resolve hook for cdktn-alias.mjs: `cdktf` and `cdktf/<subpath>` resolve to cdktn's; all else passes through.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'cdktf' || specifier.startsWith('cdktf/'))
    return nextResolve(`cdktn${specifier.slice('cdktf'.length)}`, context);
  return nextResolve(specifier, context);
}

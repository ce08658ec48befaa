// Writes a field into a plain object as data, whatever its name: `out[name] = value` would turn a field named
// `__proto__` into a prototype change instead of a field.

/** Sets `out[name]` as an own, enumerable, writable field, `__proto__` included. */
export function defineField(out: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

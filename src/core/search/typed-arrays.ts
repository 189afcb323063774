type Typed = Float32Array | Float64Array | Int32Array | Uint32Array;

/** A copy of `array` in a new array of `length` (the rest zero): how the index's typed arrays grow. */
export function grown<T extends Typed>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * The few internals of `@tensorflow/tfjs-backend-wasm` 4.22 that the fast kernels touch: tensor records (heap
 * offset and C++ id), the wasm heap, C++ tensor registration and the exported C entry points. Typed here
 * structurally so that every use of a private member is visible in one place.
 */

import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/** The JS-side record the wasm backend keeps per tensor data id. */
interface WasmTensorRecord {
  /** C++ tensor id. */
  id: number;
  /** Byte offset of the tensor's first element in the wasm heap. */
  memoryOffset: number;
}

/** The parts of the emscripten module used here. */
interface WasmModule {
  HEAPU8: Uint8Array;
  cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
  tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
  };
}

/** The parts of `BackendWasm` used here (some are private in its type declarations). */
export interface WasmBackendInternals {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): WasmTensorRecord };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object): boolean;
}

/** Heap byte offset of a tensor's data. */
export function heapOffset(backend: WasmBackendInternals, tensor: TensorInfo): number {
  return backend.dataIdMap.get(tensor.dataId).memoryOffset;
}

/** C++ id of a tensor's data. */
export function cppId(backend: WasmBackendInternals, tensor: TensorInfo): number {
  return backend.dataIdMap.get(tensor.dataId).id;
}

/**
 * The whole wasm heap as a typed array of `dtype` elements (index = byte offset / element size). Valid only until
 * the next heap allocation (the heap's buffer is replaced when it grows), so create it after allocating outputs.
 */
export function heapOf(backend: WasmBackendInternals, dtype: DataType): Float32Array | Int32Array | Uint8Array {
  const buffer = backend.wasm.HEAPU8.buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'bool':
      return new Uint8Array(buffer);
    default:
      throw new Error(`heapOf: dtype ${dtype} has no heap representation`);
  }
}

/**
 * Registers a C++ tensor that aliases `size` float32 elements at `offset` inside an existing allocation (a
 * zero-copy view) and returns its id. Release it with {@link releaseView}, never with `disposeData` (which
 * would free the aliased memory).
 */
export function registerView(backend: WasmBackendInternals, offset: number, size: number): number {
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, size, offset);
  return id;
}

/** Unregisters a view made by {@link registerView}; this also drops any XNNPACK operator cached on it. */
export function releaseView(backend: WasmBackendInternals, id: number): void {
  backend.wasm.tfjs.disposeData(id);
}

/** Int32 shape bytes in the form the C entry points expect for their `array` arguments. */
export function shapeBytes(shape: readonly number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

// A small ONNX model writer: just enough protobuf to serialise a ModelProto
// (graph, nodes, attributes, initializers, typed inputs/outputs). It lets the
// project build its own test models in TypeScript, so CI needs neither Python
// nor the `onnx` package. Field numbers follow onnx/onnx.proto (IR version 8).

/** ONNX TensorProto.DataType values used here. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
} as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

const enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

/** Append-only protobuf encoder. */
export class ProtoWriter {
  private parts: Uint8Array[] = [];
  private scratch: number[] = [];
  private length = 0;

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    this.parts.push(Uint8Array.from(this.scratch));
    this.length += this.scratch.length;
    this.scratch = [];
  }

  private pushBytes(b: Uint8Array): void {
    this.flushScratch();
    this.parts.push(b);
    this.length += b.length;
  }

  /** Unsigned or two's-complement (64-bit) varint. */
  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    if (v < 0x80n) {
      this.scratch.push(Number(v));
      return;
    }
    while (v >= 0x80n) {
      this.scratch.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private tag(field: number, wire: Wire): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, Wire.Varint);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, Wire.Fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    for (const x of b) this.scratch.push(x);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, Wire.Bytes);
    this.varint(value.length);
    this.pushBytes(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated varints (int64/int32 lists). */
  packedInts(field: number, values: ArrayLike<number | bigint>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i]);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated floats. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const b = new Uint8Array(values.length * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i], true);
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    this.flushScratch();
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

export type TensorData = Float32Array | BigInt64Array | Int32Array | Int8Array | Uint8Array | Uint16Array;

export interface TensorInit {
  name: string;
  dataType: DataTypeId;
  dims: number[];
  /** Little-endian raw bytes of the values (what `raw_data` holds). */
  raw: Uint8Array;
}

export function tensor(name: string, data: TensorData, dims: number[], dataType?: DataTypeId): TensorInit {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new Error(`tensor ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
  }
  const dt =
    dataType ??
    (data instanceof Float32Array
      ? DataType.FLOAT
      : data instanceof BigInt64Array
        ? DataType.INT64
        : data instanceof Int32Array
          ? DataType.INT32
          : data instanceof Int8Array
            ? DataType.INT8
            : data instanceof Uint8Array
              ? DataType.UINT8
              : DataType.FLOAT16);
  // Typed arrays are little-endian on every platform this runs on.
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { name, dataType: dt, dims, raw };
}

function encodeTensor(t: TensorInit): ProtoWriter {
  const w = new ProtoWriter();
  w.packedInts(1, t.dims); // dims
  w.int(2, t.dataType); // data_type
  w.string(8, t.name); // name
  w.bytes(9, t.raw); // raw_data
  return w;
}

export type AttrValue =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: number[] }
  | { floats: number[] }
  | { t: TensorInit };

function encodeAttribute(name: string, v: AttrValue): ProtoWriter {
  const w = new ProtoWriter();
  w.string(1, name);
  // AttributeProto.type: FLOAT=1 INT=2 STRING=3 TENSOR=4 FLOATS=6 INTS=7
  if ('i' in v) w.int(3, v.i).int(20, 2);
  else if ('f' in v) w.float(2, v.f).int(20, 1);
  else if ('s' in v) w.string(4, v.s).int(20, 3);
  else if ('t' in v) w.message(5, encodeTensor(v.t)).int(20, 4);
  else if ('ints' in v) w.packedInts(8, v.ints).int(20, 7);
  else w.packedFloats(7, v.floats).int(20, 6);
  return w;
}

export type Dim = number | string;

export interface ValueInfo {
  name: string;
  elemType: DataTypeId;
  dims: Dim[];
}

function encodeValueInfo(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, v.elemType).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, v.name).message(2, type);
}

export interface NodeInit {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  domain?: string;
  attributes?: Record<string, AttrValue>;
}

function encodeNode(n: NodeInit): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, encodeAttribute(k, v));
  if (n.domain) w.string(7, n.domain);
  return w;
}

/**
 * Builds a graph node by node. `op()` returns the output name(s), so graphs
 * read like straight-line code.
 */
export class GraphBuilder {
  readonly nodes: NodeInit[] = [];
  readonly initializers: TensorInit[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  private counter = 0;
  private constCache = new Map<string, string>();

  constructor(readonly name: string) {}

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  input(name: string, elemType: DataTypeId, dims: Dim[]): string {
    this.inputs.push({ name, elemType, dims });
    return name;
  }

  output(name: string, elemType: DataTypeId, dims: Dim[]): void {
    this.outputs.push({ name, elemType, dims });
  }

  init(name: string, data: TensorData, dims: number[], dataType?: DataTypeId): string {
    this.initializers.push(tensor(name, data, dims, dataType));
    return name;
  }

  /** A small constant initializer, shared between uses. */
  constI64(values: number[], dims: number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    let name = this.constCache.get(key);
    if (!name) {
      name = this.init(this.fresh('const_i64'), BigInt64Array.from(values.map(BigInt)), dims);
      this.constCache.set(key, name);
    }
    return name;
  }

  constF32(values: number[], dims: number[] = [values.length]): string {
    const key = `f32:${dims.join('x')}:${values.join(',')}`;
    let name = this.constCache.get(key);
    if (!name) {
      name = this.init(this.fresh('const_f32'), Float32Array.from(values), dims);
      this.constCache.set(key, name);
    }
    return name;
  }

  op(opType: string, inputs: string[], attributes?: Record<string, AttrValue>, opts: { outputs?: string[]; domain?: string } = {}): string {
    return this.opN(opType, inputs, attributes, { outputs: opts.outputs ?? [this.fresh(opType.toLowerCase())], domain: opts.domain })[0];
  }

  opN(opType: string, inputs: string[], attributes: Record<string, AttrValue> | undefined, opts: { outputs: string[]; domain?: string }): string[] {
    this.nodes.push({ opType, inputs, outputs: opts.outputs, name: this.fresh(`n_${opType}`), domain: opts.domain, attributes });
    return opts.outputs;
  }
}

export interface ModelOptions {
  opset?: number;
  /** Extra operator-set domains, e.g. {"com.microsoft": 1}. */
  extraOpsets?: Record<string, number>;
  producer?: string;
  docString?: string;
}

/** Serialises a graph as an ONNX ModelProto. */
export function encodeModel(g: GraphBuilder, opts: ModelOptions = {}): Uint8Array {
  const graph = new ProtoWriter();
  for (const n of g.nodes) graph.message(1, encodeNode(n));
  graph.string(2, g.name);
  for (const t of g.initializers) graph.message(5, encodeTensor(t));
  for (const v of g.inputs) graph.message(11, encodeValueInfo(v));
  for (const v of g.outputs) graph.message(12, encodeValueInfo(v));

  const model = new ProtoWriter();
  model.int(1, 8); // ir_version
  model.string(2, opts.producer ?? 'claimlens-fixtures');
  model.string(3, '1');
  if (opts.docString) model.string(6, opts.docString);
  model.message(7, graph);
  const opsets: [string, number][] = [['', opts.opset ?? 17], ...Object.entries(opts.extraOpsets ?? {})];
  for (const [domain, version] of opsets) {
    const o = new ProtoWriter();
    if (domain) o.string(1, domain);
    o.int(2, version);
    model.message(8, o);
  }
  return model.finish();
}

// ONNX models written with protobufjs from the part of onnx/onnx.proto
// (IR version 8) that the project's test models use: a ModelProto with its
// graph, nodes, attributes, initializers and typed inputs/outputs. It lets
// the project build its own test models in TypeScript, so CI needs neither
// Python nor the `onnx` package. The schema below keeps onnx.proto's message
// names, field names and numbers; fields it does not list are never written.
import protobuf from 'protobufjs';

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

/** The messages of onnx/onnx.proto used here (proto2, as upstream; repeated numbers packed). */
export const ONNX_SCHEMA = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7 [packed = true];
  repeated int64 ints = 8 [packed = true];
  optional AttributeType type = 20;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}

message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message TensorProto {
  repeated int64 dims = 1 [packed = true];
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

const root = protobuf.parse(ONNX_SCHEMA, { keepCase: true }).root;
/** onnx.ModelProto, for encoding here and decoding in tests. */
export const ModelProto = root.lookupType('onnx.ModelProto');

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

function tensorProto(t: TensorInit) {
  return { dims: t.dims, data_type: t.dataType, name: t.name, raw_data: t.raw };
}

export type AttrValue =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: number[] }
  | { floats: number[] }
  | { t: TensorInit };

const AttributeType = root.lookupEnum('onnx.AttributeProto.AttributeType').values;

function attributeProto(name: string, v: AttrValue) {
  if ('i' in v) return { name, i: v.i, type: AttributeType.INT };
  if ('f' in v) return { name, f: v.f, type: AttributeType.FLOAT };
  if ('s' in v) return { name, s: new TextEncoder().encode(v.s), type: AttributeType.STRING };
  if ('t' in v) return { name, t: tensorProto(v.t), type: AttributeType.TENSOR };
  if ('ints' in v) return { name, ints: v.ints, type: AttributeType.INTS };
  return { name, floats: v.floats, type: AttributeType.FLOATS };
}

export type Dim = number | string;

export interface ValueInfo {
  name: string;
  elemType: DataTypeId;
  dims: Dim[];
}

function valueInfoProto(v: ValueInfo) {
  const dim = v.dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name: v.name, type: { tensor_type: { elem_type: v.elemType, shape: { dim } } } };
}

export interface NodeInit {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  domain?: string;
  attributes?: Record<string, AttrValue>;
}

function nodeProto(n: NodeInit) {
  return {
    input: n.inputs,
    output: n.outputs,
    name: n.name,
    op_type: n.opType,
    attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attributeProto(k, v)),
    ...(n.domain ? { domain: n.domain } : {}),
  };
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
  const opsets: [string, number][] = [['', opts.opset ?? 17], ...Object.entries(opts.extraOpsets ?? {})];
  const model = {
    ir_version: 8,
    producer_name: opts.producer ?? 'claimlens-fixtures',
    producer_version: '1',
    ...(opts.docString ? { doc_string: opts.docString } : {}),
    graph: {
      node: g.nodes.map(nodeProto),
      name: g.name,
      initializer: g.initializers.map(tensorProto),
      input: g.inputs.map(valueInfoProto),
      output: g.outputs.map(valueInfoProto),
    },
    opset_import: opsets.map(([domain, version]) => (domain ? { domain, version } : { version })),
  };
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`ONNX model ${g.name}: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

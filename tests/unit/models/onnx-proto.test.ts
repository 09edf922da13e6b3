// The TypeScript ONNX writer must produce models that ONNX Runtime loads and
// computes correctly: checked against plain JavaScript arithmetic.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { DataType, GraphBuilder, ModelProto, encodeModel } from '../../../scripts/lib/onnx-proto.ts';
import { SMALL_ENCODER, buildEncoder, normal, rng } from '../../../scripts/lib/fixture-models.ts';

describe('the ONNX schema (protobufjs)', () => {
  it("writes onnx.proto's field numbers: a negative int64 attribute as a ten-byte varint, dims, named dims, opsets", () => {
    const g = new GraphBuilder('g');
    const x = g.input('x', DataType.FLOAT, ['batch', 4]);
    g.op('Softmax', [x], { axis: { i: -1 } }, { outputs: ['y'] });
    g.output('y', DataType.FLOAT, ['batch', 4]);
    const bytes = encodeModel(g, { extraOpsets: { 'com.microsoft': 1 } });
    // AttributeProto.i is field 3 (varint): tag 0x18, then -1 as 64-bit two's complement.
    const tagged = [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expect(Buffer.from(bytes).includes(Buffer.from(tagged))).toBe(true);
    const model = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number }) as {
      ir_version: number;
      opset_import: { domain?: string; version: number }[];
      graph: { node: { op_type: string; attribute: { name: string; i: number; type: number }[] }[]; input: { type: { tensor_type: { shape: { dim: object[] } } } }[] };
    };
    expect(model.ir_version).toBe(8);
    expect(model.opset_import).toEqual([{ version: 17 }, { domain: 'com.microsoft', version: 1 }]);
    expect(model.graph.node[0].attribute[0]).toEqual({ name: 'axis', i: -1, type: 2 });
    expect(model.graph.input[0].type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch' }, { dim_value: 4 }]);
  });
});

describe('encodeModel', () => {
  it('runs a graph with initializers, attributes (negative axis) and dynamic dims in ONNX Runtime', async () => {
    const rand = rng(7);
    const W = normal(rand, 4 * 3, 1);
    const b = normal(rand, 3, 1);
    const g = new GraphBuilder('t');
    const x = g.input('x', DataType.FLOAT, ['n', 4]);
    const ids = g.input('ids', DataType.INT64, ['n']);
    const table = g.init('table', Float32Array.from([10, 20, 30, 40, 50]), [5]);
    const lin = g.op('Add', [g.op('MatMul', [x, g.init('W', W, [4, 3])]), g.init('b', b, [3])]);
    g.op('Softmax', [lin], { axis: { i: -1 } }, { outputs: ['probs'] });
    g.op('Gather', [table, g.op('Mod', [ids, g.constI64([5], [])])], { axis: { i: 0 } }, { outputs: ['picked'] });
    g.output('probs', DataType.FLOAT, ['n', 3]);
    g.output('picked', DataType.FLOAT, ['n']);
    const session = await ort.InferenceSession.create(encodeModel(g));
    const xs = Float32Array.from([1, 2, 3, 4, -1, 0.5, 0, 2]);
    const out = await session.run({
      x: new ort.Tensor('float32', xs, [2, 4]),
      ids: new ort.Tensor('int64', BigInt64Array.from([7n, 13n]), [2]),
    });
    expect(out.probs.dims).toEqual([2, 3]);
    for (let r = 0; r < 2; r++) {
      const logits = [0, 1, 2].map((j) => b[j] + [0, 1, 2, 3].reduce((s, k) => s + xs[r * 4 + k] * W[k * 3 + j], 0));
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const sum = e.reduce((a, c) => a + c, 0);
      for (let j = 0; j < 3; j++) expect((out.probs.data as Float32Array)[r * 3 + j]).toBeCloseTo(e[j] / sum, 5);
    }
    expect(Array.from(out.picked.data as Float32Array)).toEqual([30, 40]);
  });

  it('writes an int8 encoder whose hidden states stay close to the fp32 one', async () => {
    const spec = { ...SMALL_ENCODER, embedding: { kind: 'hashed' as const, buckets: 97, rank: 16 }, hidden: 48, heads: 4, intermediate: 64 };
    const fp32 = await ort.InferenceSession.create(buildEncoder(spec));
    const q8 = await ort.InferenceSession.create(buildEncoder({ ...spec, quantized: true }));
    const feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from([101n, 2023n, 2003n, 1037n, 102n]), [1, 5]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from([1n, 1n, 1n, 1n, 1n]), [1, 5]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(5), [1, 5]),
    };
    const a = (await fp32.run(feeds)).last_hidden_state;
    const q = (await q8.run(feeds)).last_hidden_state;
    expect(a.dims).toEqual([1, 5, 48]);
    expect(q.dims).toEqual([1, 5, 48]);
    const x = a.data as Float32Array;
    const y = q.data as Float32Array;
    let dot = 0;
    let nx = 0;
    let ny = 0;
    let same = true;
    for (let i = 0; i < x.length; i++) {
      dot += x[i] * y[i];
      nx += x[i] * x[i];
      ny += y[i] * y[i];
      if (x[i] !== y[i]) same = false;
    }
    // Quantisation changes the numbers (it is really int8) but not the direction.
    expect(same).toBe(false);
    expect(dot / Math.sqrt(nx * ny)).toBeGreaterThan(0.98);
  });
});

import { GraphBuilder, type Graph } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { exportModel, importModel } from '../src/index.js';
import { onnx } from '../src/proto.js';
import { buildMlp } from './helpers/graphs.js';

/** What must survive a round trip: everything but the derived values map. */
function essentials(graph: Graph) {
  return {
    inputs: graph.inputs,
    outputs: graph.outputs,
    nodes: graph.nodes.map(({ op, inputs, outputs, attributes }) => ({
      op,
      inputs,
      outputs,
      attributes,
    })),
    initializers: graph.initializers,
    updates: graph.updates,
  };
}

describe('export then import', () => {
  it('keeps the MLP: nodes, attributes, initialiser values and the symbolic batch', () => {
    const { builder, probs } = buildMlp();
    builder.output(probs);
    const graph = builder.build();

    const imported = importModel(exportModel(graph));

    expect(essentials(imported.graph)).toEqual(essentials(graph));
    expect(imported.graph.inputs[0]?.shape).toEqual(['batch', 4]);
    expect(imported.graph.values.get('probs')?.shape).toEqual(['batch', 3]);
    expect(imported.opset).toBe(17);
    expect(imported.irVersion).toBe(8);
    expect(imported.producer).toBe('@rectifier/onnx');
  });

  it('writes a standard ModelProto: dim_param, raw_data initialisers, typed outputs', () => {
    const { builder, probs } = buildMlp();
    builder.output(probs);
    const model = onnx.ModelProto.decode(exportModel(builder.build(), { producer: 'test' }));

    expect(model.producerName).toBe('test');
    expect(model.opsetImport.map((entry) => [entry.domain, Number(entry.version)])).toEqual([
      ['', 17],
    ]);
    const input = model.graph?.input?.[0]?.type?.tensorType;
    expect(input?.elemType).toBe(1);
    expect(input?.shape?.dim?.map((dim) => dim.dimParam || Number(dim.dimValue))).toEqual([
      'batch',
      4,
    ]);
    expect(model.graph?.initializer?.every((tensor) => (tensor.rawData?.length ?? 0) > 0)).toBe(
      true,
    );
    expect(model.graph?.output?.map((output) => output.name)).toEqual(['probs']);
    expect(model.graph?.node?.map((node) => node.opType)).toEqual([
      'Gemm',
      'Relu',
      'Gemm',
      'Softmax',
    ]);
  });

  it('keeps updates: extra outputs named after their values, restored on import', () => {
    const builder = new GraphBuilder('counter');
    const x = builder.input('x', ['batch', 2]);
    const step = builder.state('step', [], Float32Array.of(0));
    const total = builder.parameter('total', [2], Float32Array.of(0, 0));
    const nextStep = builder.op('Add', [step, builder.constant(1)], {}, { name: 'next_step' });
    const sum = builder.op('ReduceSum', [x], { axes: [0], keepdims: 0 }, { name: 'batch_sum' });
    const nextTotal = builder.op('Add', [total, sum], {}, { name: 'next_total' });
    builder.update(step, nextStep);
    builder.update(total, nextTotal);
    builder.output(sum);
    const graph = builder.build();

    const bytes = exportModel(graph);
    const model = onnx.ModelProto.decode(bytes);
    expect(model.graph?.output?.map((output) => output.name)).toEqual([
      'batch_sum',
      'next_step',
      'next_total',
    ]);

    const imported = importModel(bytes).graph;
    expect(essentials(imported)).toEqual(essentials(graph));
    expect(imported.outputs.map((output) => output.name)).toEqual(['batch_sum']);
  });

  it('round-trips the forms that change with the opset: ReduceSum axes, Clip, Reshape', () => {
    const { builder, x } = buildMlp();
    const clipped = builder.op('Clip', [x, builder.constant(-0.5), builder.constant(0.5)]);
    const summed = builder.op('ReduceSum', [clipped], { axes: [1], keepdims: 0 });
    const reshaped = builder.op('Reshape', [clipped], { shape: [0, 2, 2] });
    builder.output(summed, 'summed');
    builder.output(reshaped, 'reshaped');
    const graph = builder.build();

    for (const opset of [7, 10, 12, 13, 17, 18, 21]) {
      const imported = importModel(exportModel(graph, { opset })).graph;
      const ops = imported.nodes.map((node) => [node.op, node.attributes]);
      expect(ops).toContainEqual(['ReduceSum', { axes: [1], keepdims: 0 }]);
      expect(ops).toContainEqual(['Reshape', { shape: [0, 2, 2], allowzero: 0 }]);
      expect(imported.values.get('reshaped')?.shape).toEqual(['batch', 2, 2]);
    }
  });
});

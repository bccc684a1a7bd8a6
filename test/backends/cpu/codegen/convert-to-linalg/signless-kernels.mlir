// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg | FileCheck %s

// A kernel selected on u8 tensors reads and writes their signless forms, as the ops around it do
// once lowered; its destination and the symbolic batch it takes from its input follow. The
// signedness stays in src_type and dst_type.
// CHECK-LABEL: func.func @u8_kernel(
// CHECK-SAME: %[[X:.*]]: tensor<?x3x5x5xi8>) -> tensor<?x2x3x3xi8>
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3x5x5xi8>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?x2x3x3xi8>
// CHECK: %[[Y:.*]] = aicc_cpu.quantized_conv ins(%[[X]], %{{.*}} : tensor<?x3x5x5xi8>, tensor<2x3x3x3xi8>)
// CHECK-SAME: outs(%[[INIT]] : tensor<?x2x3x3xi8>)
// CHECK-SAME: dst_type = #aicc_cpu.data_type<u8>
// CHECK-SAME: src_type = #aicc_cpu.data_type<u8>
// CHECK: return %[[Y]] : tensor<?x2x3x3xi8>
// CHECK-NOT: unrealized_conversion_cast
func.func @u8_kernel(%x: tensor<?x3x5x5xui8>) -> tensor<?x2x3x3xui8> {
  %w = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %s = "aicc.Constant"() <{value = dense<0.25> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3x5x5xui8>
  %i = tensor.empty(%n) : tensor<?x2x3x3xui8>
  %y = aicc_cpu.quantized_conv ins(%x, %w : tensor<?x3x5x5xui8>, tensor<2x3x3x3xi8>) scales(%s : tensor<1xf32>)
      outs(%i : tensor<?x2x3x3xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 128 : i64, dst_zero_point = 0 : i64} -> tensor<?x2x3x3xui8>
  return %y : tensor<?x2x3x3xui8>
}

// A u8 Concat the kernels write in place (WriteConcatInPlace): its buffer and the slices the
// kernels write into and insert back become signless with them.
// CHECK-LABEL: func.func @u8_concat_in_place(
// CHECK-NOT: unrealized_conversion_cast
// CHECK: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x4x2x2xi8>
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[BUF]][0, 0, 0, 0] [1, 2, 2, 2] [1, 1, 1, 1] : tensor<1x4x2x2xi8> to tensor<1x2x2x2xi8>
// CHECK: %[[P:.*]] = aicc_cpu.pool <max> ins(%{{.*}} : tensor<1x2x4x4xi8>) outs(%[[S0]] : tensor<1x2x2x2xi8>)
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[P]] into %[[BUF]][0, 0, 0, 0] [1, 2, 2, 2] [1, 1, 1, 1] : tensor<1x2x2x2xi8> into tensor<1x4x2x2xi8>
// CHECK: tensor.insert_slice %{{.*}} into %[[I0]][0, 2, 0, 0]
// CHECK-NOT: unrealized_conversion_cast
func.func @u8_concat_in_place(%x: tensor<1x2x4x4xui8>, %y: tensor<1x2x2x2xui8>) -> tensor<1x4x2x2xui8> {
  %buffer = bufferization.alloc_tensor() : tensor<1x4x2x2xui8>
  %slice = tensor.extract_slice %buffer[0, 0, 0, 0] [1, 2, 2, 2] [1, 1, 1, 1] : tensor<1x4x2x2xui8> to tensor<1x2x2x2xui8>
  %p = aicc_cpu.pool <max> ins(%x : tensor<1x2x4x4xui8>) outs(%slice : tensor<1x2x2x2xui8>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>,
       pads_end = array<i64: 0, 0>, data_type = #aicc_cpu.data_type<u8>} -> tensor<1x2x2x2xui8>
  %first = tensor.insert_slice %p into %buffer[0, 0, 0, 0] [1, 2, 2, 2] [1, 1, 1, 1] : tensor<1x2x2x2xui8> into tensor<1x4x2x2xui8>
  %both = tensor.insert_slice %y into %first[0, 2, 0, 0] [1, 2, 2, 2] [1, 1, 1, 1] : tensor<1x2x2x2xui8> into tensor<1x4x2x2xui8>
  return %both : tensor<1x4x2x2xui8>
}

// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Unsigned constants keep their bits with a signless type.
// CHECK-LABEL: func.func @uint_constant
// CHECK-SAME: () -> tensor<2xi8>
// CHECK: %[[C:.*]] = arith.constant dense<[1, -1]> : tensor<2xi8>
// CHECK: return %[[C]]
func.func @uint_constant() -> tensor<2xui8> {
  %0 = "aicc.Constant"() {value = dense<[1, 255]> : tensor<2xui8>} : () -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// Large weights stay resources (bufferization makes them memref.globals).
// CHECK-LABEL: func.func @resource_constant
// CHECK: arith.constant dense_resource<weights> : tensor<2xi32>
func.func @resource_constant() -> tensor<2xi32> {
  %0 = "aicc.Constant"() {value = dense_resource<weights> : tensor<2xi32>} : () -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000100000002000000"
    }
  }
#-}

// -----

// Shape and Size of a static tensor are constants; Shape's start and end clamp like Python slices.
// CHECK-LABEL: func.func @shape_and_size
// CHECK-DAG: %[[SHAPE:.*]] = arith.constant dense<[3, 5]> : tensor<2xi64>
// CHECK-DAG: %[[MIDDLE:.*]] = arith.constant dense<3> : tensor<1xi64>
// CHECK-DAG: %[[SIZE:.*]] = arith.constant dense<30> : tensor<i64>
// CHECK: return %[[SHAPE]], %[[MIDDLE]], %[[SIZE]]
func.func @shape_and_size(%x: tensor<2x3x5xf32>) -> (tensor<2xi64>, tensor<1xi64>, tensor<i64>) {
  %0 = "aicc.Shape"(%x) {start = -2 : i64} : (tensor<2x3x5xf32>) -> tensor<2xi64>
  %1 = "aicc.Shape"(%x) {start = 1 : i64, end = 2 : i64} : (tensor<2x3x5xf32>) -> tensor<1xi64>
  %2 = "aicc.Size"(%x) : (tensor<2x3x5xf32>) -> tensor<i64>
  return %0, %1, %2 : tensor<2xi64>, tensor<1xi64>, tensor<i64>
}

// -----

// CHECK-LABEL: func.func @constant_of_shape
// CHECK: %[[V:.*]] = arith.constant 7 : i32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x2xi32>
// CHECK: linalg.fill ins(%[[V]] : i32) outs(%[[E]] : tensor<2x2xi32>)
func.func @constant_of_shape(%shape: tensor<2xi64>) -> tensor<2x2xi32> {
  %0 = "aicc.ConstantOfShape"(%shape) {value = dense<7> : tensor<1xi32>} : (tensor<2xi64>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// Range: start + i * delta over the statically known length; start and delta may be run-time values.
// CHECK-LABEL: func.func @range
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %arg2 : tensor<f32>, tensor<f32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[IF:.*]] = arith.sitofp %[[I64]] : i64 to f32
// CHECK: %[[STEP:.*]] = arith.mulf %[[IF]], %in_0 : f32
// CHECK: arith.addf %in, %[[STEP]] : f32
func.func @range(%start: tensor<f32>, %limit: tensor<f32>, %delta: tensor<f32>) -> tensor<3xf32> {
  %0 = "aicc.Range"(%start, %limit, %delta) : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

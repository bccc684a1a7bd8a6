// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Constant bounds and positive steps: one extract_slice. Ends past the dim are clamped.
// CHECK-LABEL: func.func @slice_constant
// CHECK: tensor.extract_slice %arg0[0, 1] [4, 2] [1, 2] : tensor<4x5xf32> to tensor<4x2xf32>
func.func @slice_constant(%x: tensor<4x5xf32>) -> tensor<4x2xf32> {
  %starts = "aicc.Constant"() {value = dense<[1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %ends = "aicc.Constant"() {value = dense<[1000]> : tensor<1xi64>} : () -> tensor<1xi64>
  %axes = "aicc.Constant"() {value = dense<[-1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %steps = "aicc.Constant"() {value = dense<[2]> : tensor<1xi64>} : () -> tensor<1xi64>
  %0 = "aicc.Slice"(%x, %starts, %ends, %axes, %steps) : (tensor<4x5xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// A negative step reads data[start + i * step]: start -1 resolves to 4, so columns 4 and 1.
// CHECK-LABEL: func.func @slice_negative_step
// CHECK-DAG: %[[START:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[STEP:.*]] = arith.constant -3 : index
// CHECK: linalg.generic
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[OFF:.*]] = arith.muli %[[J]], %[[STEP]] : index
// CHECK: arith.addi %[[START]], %[[OFF]] : index
// CHECK: tensor.extract %arg0
func.func @slice_negative_step(%x: tensor<4x5xf32>) -> tensor<4x2xf32> {
  %starts = "aicc.Constant"() {value = dense<[-1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %ends = "aicc.Constant"() {value = dense<[-9223372036854775807]> : tensor<1xi64>} : () -> tensor<1xi64>
  %axes = "aicc.Constant"() {value = dense<[1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %steps = "aicc.Constant"() {value = dense<[-3]> : tensor<1xi64>} : () -> tensor<1xi64>
  %0 = "aicc.Slice"(%x, %starts, %ends, %axes, %steps) : (tensor<4x5xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// Run-time starts and ends (a Loop's counter): resolved and clamped at run time, then one
// tensor.extract_slice whose offset and size are those values.
// CHECK-LABEL: func.func @slice_runtime
// CHECK: %[[S:.*]] = tensor.extract %arg1
// CHECK: arith.index_cast %[[S]] : i32 to index
// CHECK: arith.minsi
// CHECK: %[[E:.*]] = tensor.extract %arg2
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %arg0[%{{.*}}, 0] [%{{.*}}, 5] [1, 1] : tensor<4x5xf32> to tensor<?x5xf32>
// CHECK: tensor.cast %[[SLICE]] : tensor<?x5xf32> to tensor<2x5xf32>
func.func @slice_runtime(%x: tensor<4x5xf32>, %s: tensor<1xi32>, %e: tensor<1xi32>) -> tensor<2x5xf32> {
  %none = aicc.none
  %0 = "aicc.Slice"(%x, %s, %e, %none, %none) : (tensor<4x5xf32>, tensor<1xi32>, tensor<1xi32>, none, none) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK: tensor.concat dim(1) %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x7xf32>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<2x7xf32> {
  %0 = "aicc.Concat"(%a, %b) {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// Split sizes come from the result types.
// CHECK-LABEL: func.func @split
// CHECK: tensor.extract_slice %arg0[0, 0] [2, 2] [1, 1] : tensor<2x7xf32> to tensor<2x2xf32>
// CHECK: tensor.extract_slice %arg0[0, 2] [2, 5] [1, 1] : tensor<2x7xf32> to tensor<2x5xf32>
func.func @split(%x: tensor<2x7xf32>) -> (tensor<2x2xf32>, tensor<2x5xf32>) {
  %none = aicc.none
  %0:2 = "aicc.Split"(%x, %none) {axis = 1 : i64} : (tensor<2x7xf32>, none) -> (tensor<2x2xf32>, tensor<2x5xf32>)
  return %0#0, %0#1 : tensor<2x2xf32>, tensor<2x5xf32>
}

// -----

// numpy 'reflect': source index s = i - 2 mapped into [0, 3) with period 4.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[S:.*]] = arith.subi %[[I]], %c2 : index
// CHECK: arith.remsi %[[S]], %c4
// CHECK: tensor.extract %arg0
// CHECK-NOT: arith.select {{.*}} : f32
func.func @pad_reflect(%x: tensor<3xf32>) -> tensor<6xf32> {
  %pads = "aicc.Constant"() {value = dense<[2, 1]> : tensor<2xi64>} : () -> tensor<2xi64>
  %none = aicc.none
  %0 = "aicc.Pad"(%x, %pads, %none) {mode = "reflect"} : (tensor<3xf32>, tensor<2xi64>, none) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// Constant mode reads a clamped index and selects constant_value outside the data; the unpadded
// dim is read directly.
// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[V:.*]] = tensor.extract %arg1[] : tensor<f32>
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[E:.*]] = tensor.extract %arg0[%[[I]], %{{.*}}] : tensor<2x3xf32>
// CHECK: arith.select %{{.*}}, %[[E]], %[[V]] : f32
func.func @pad_constant(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<2x4xf32> {
  %pads = "aicc.Constant"() {value = dense<[0, 2, 0, -1]> : tensor<4xi64>} : () -> tensor<4xi64>
  %0 = "aicc.Pad"(%x, %pads, %v) : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// An input empty along the axis adds nothing: it is dropped, not inserted past the end; with one
// input left there is nothing to join.
// CHECK-LABEL: func.func @concat_empty_input
// CHECK: tensor.concat dim(0) %arg0, %arg2 : (tensor<4xi64>, tensor<2xi64>) -> tensor<6xi64>
// CHECK-LABEL: func.func @concat_one_nonempty_input
// CHECK-NOT: tensor.concat
// CHECK: return %arg0
func.func @concat_empty_input(%a: tensor<4xi64>, %empty: tensor<0xi64>, %b: tensor<2xi64>) -> tensor<6xi64> {
  %0 = "aicc.Concat"(%a, %empty, %b) {axis = 0 : i64} : (tensor<4xi64>, tensor<0xi64>, tensor<2xi64>) -> tensor<6xi64>
  return %0 : tensor<6xi64>
}
func.func @concat_one_nonempty_input(%a: tensor<4xi64>, %empty: tensor<0xi64>) -> tensor<4xi64> {
  %0 = "aicc.Concat"(%a, %empty) {axis = 0 : i64} : (tensor<4xi64>, tensor<0xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

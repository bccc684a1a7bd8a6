// Dialect types and the structural ops: !aicc.opt contents, aicc.Yield placement, operand
// constraints of generated ops.
// RUN: aicc-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{!aicc.opt holds a tensor or an !aicc.seq, not 'f32'}}
func.func private @opt_of_scalar(!aicc.opt<f32>)

// -----

func.func @yield_outside_subgraph(%x: tensor<f32>) {
  // expected-error @+1 {{expects parent op to be one of 'aicc.If, aicc.Loop, aicc.Scan, aicc.SequenceMap'}}
  aicc.Yield %x : tensor<f32>
}

// -----

func.func @sequence_element_type(%a: tensor<2xf32>) {
  // expected-error @+1 {{result #0 must be sequence of tensor of}}
  %s = "aicc.SequenceConstruct"(%a) : (tensor<2xf32>) -> !aicc.seq<tensor<2xindex>>
  return
}

// -----

func.func @absent_required_input(%none: none) {
  // expected-error @+1 {{operand #0 must be tensor of}}
  %y = "aicc.Relu"(%none) : (none) -> tensor<2xf32>
  return
}

// -----

func.func @if_region_count(%c: tensor<i1>) {
  // expected-error @+1 {{expected 2 regions}}
  "aicc.If"(%c) ({
    aicc.Yield
  }) : (tensor<i1>) -> ()
  return
}

// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=4" --verify-diagnostics

// A block oneDNN has no blocked layout for is an error naming the value given.
// expected-error @+1 {{block must be 0, 8 or 16, got 4}}
func.func @block4() {
  return
}

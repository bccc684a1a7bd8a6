// Names the importer gives the module it builds, which later stages (passes, backends, emission) read.
#ifndef AICC_COMPILER_MODULECONVENTIONS_H
#define AICC_COMPILER_MODULECONVENTIONS_H

namespace aicc {

/// The function holding the model's graph: ONNX graph inputs in, graph outputs out.
constexpr const char kEntryFunction[] = "main";

namespace attrs {
/// Module: hex SHA-256 of the source .onnx file; the default-domain opset it declared.
constexpr const char kSourceHash[] = "aicc.source_hash";
constexpr const char kSourceOpset[] = "aicc.source_opset";
/// Entry function: the ONNX names of its inputs and outputs, in order.
constexpr const char kInputNames[] = "aicc.input_names";
constexpr const char kOutputNames[] = "aicc.output_names";
/// Entry function: per input, the name of each symbolic dim ("" for a static one). A dim_param
/// keeps its ONNX name, so equal names are one dim; a dim with neither value nor name is named
/// "<input>.<axis>".
constexpr const char kInputDimNames[] = "aicc.input_dim_names";
} // namespace attrs

} // namespace aicc

#endif // AICC_COMPILER_MODULECONVENTIONS_H

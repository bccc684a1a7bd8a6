// The HTTP/REST form of the protocol's messages: inference requests as JSON, with or without the
// binary tensor data extension, and the JSON answers (inference, metadata, errors).
#ifndef AICC_SERVE_JSON_INFERENCE_H
#define AICC_SERVE_JSON_INFERENCE_H

#include <string>
#include <string_view>
#include <vector>

#include "serve/src/Inference.h"

namespace aicc::serve {

class ServedModel;

struct JsonInferRequest {
  InferRequest request;
  // Per entry of request.outputs (or, with none named, for every output): answer in binary.
  std::vector<bool> binaryOutputs;
  bool allBinary = false; // the request's binary_data_output parameter
};

// Parses an inference request: `body`'s first headerBytes bytes are its JSON, the rest the binary
// tensor data the JSON's binary_data_size parameters share out (the binary extension). Inputs
// sent in binary point into `body`, which must outlive the request. Throws ServeError(BadRequest).
// Numbers are read to the nearest double with exactDoubles, else within a few units of the last
// place, which is exact once rounded to a 32-bit or narrower float, and several times faster.
JsonInferRequest parseJsonInferRequest(std::string_view body, size_t headerBytes, bool exactDoubles);

// The answer to `parsed`; with outputs in binary, the JSON comes first and *headerBytes says how
// long it is (else it is set to 0).
std::string writeJsonInferResponse(const ServedModel &model, const JsonInferRequest &parsed,
                                   const InferResponse &response, size_t *headerBytes);

std::string jsonModelMetadata(const ServedModel &model);
// {"error": message}
std::string jsonError(const std::string &message);
// A JSON string literal.
std::string jsonString(std::string_view s);

} // namespace aicc::serve

#endif // AICC_SERVE_JSON_INFERENCE_H

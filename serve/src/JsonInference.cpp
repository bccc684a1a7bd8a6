#include "serve/src/JsonInference.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "aicc/runtime.h"
#include "serve/src/ServedModel.h"

namespace aicc::serve {

namespace {

using Value = rapidjson::Value;

ServeError bad(const std::string &message) { return ServeError(ErrorKind::BadRequest, message); }

// IEEE half and bfloat16 from float, rounding to nearest even; and back.
uint16_t halfFromFloat(float value) {
  uint32_t f;
  std::memcpy(&f, &value, 4);
  const uint32_t sign = (f >> 16) & 0x8000;
  const uint32_t exponent = (f >> 23) & 0xff;
  uint32_t mantissa = f & 0x7fffff;
  if (exponent == 0xff) return static_cast<uint16_t>(sign | 0x7c00 | (mantissa ? 0x200 : 0));
  const int e = static_cast<int>(exponent) - 127 + 15;
  if (e >= 31) return static_cast<uint16_t>(sign | 0x7c00);
  if (e <= 0) {
    if (e < -10) return static_cast<uint16_t>(sign);
    mantissa |= 0x800000;
    const int shift = 14 - e;
    uint32_t half = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1), midpoint = 1u << (shift - 1);
    if (rest > midpoint || (rest == midpoint && (half & 1))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = (static_cast<uint32_t>(e) << 10) | (mantissa >> 13);
  const uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) ++half; // may carry into the exponent: right
  return static_cast<uint16_t>(sign | half);
}

float floatFromHalf(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  uint32_t f;
  if (exponent == 0x1f) {
    f = sign | 0x7f800000 | (mantissa << 13);
  } else if (exponent == 0) {
    const float v = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -v : v;
  } else {
    f = sign | ((exponent + 112) << 23) | (mantissa << 13);
  }
  float value;
  std::memcpy(&value, &f, 4);
  return value;
}

uint16_t bf16FromFloat(float value) {
  uint32_t f;
  std::memcpy(&f, &value, 4);
  if (std::isnan(value)) return static_cast<uint16_t>((f >> 16) | 0x40);
  f += 0x7fff + ((f >> 16) & 1);
  return static_cast<uint16_t>(f >> 16);
}

float floatFromBf16(uint16_t b) {
  const uint32_t f = static_cast<uint32_t>(b) << 16;
  float value;
  std::memcpy(&value, &f, 4);
  return value;
}

// The number of scalars in `data`, a flat or nested array; arrays nest at most `depth` deep (the
// shape's rank, at most 32).
size_t countScalars(const Value &data, const std::string &input, size_t depth) {
  if (!data.IsArray()) return 1;
  if (depth == 0) throw bad("input '" + input + "' has data nested deeper than its shape");
  size_t count = 0;
  for (const Value &v : data.GetArray()) count += v.IsArray() ? countScalars(v, input, depth - 1) : 1;
  return count;
}

template <typename T> void storeInteger(const Value &v, uint8_t *dst, const std::string &input, size_t index) {
  bool fits;
  if constexpr (std::is_signed<T>::value)
    fits = v.IsInt64() && v.GetInt64() >= std::numeric_limits<T>::min() &&
           v.GetInt64() <= static_cast<int64_t>(std::numeric_limits<T>::max());
  else
    fits = v.IsUint64() && v.GetUint64() <= std::numeric_limits<T>::max();
  if (!fits)
    throw bad("input '" + input + "' value " + std::to_string(index) + " is not an integer its datatype holds");
  const T value = std::is_signed<T>::value ? static_cast<T>(v.GetInt64()) : static_cast<T>(v.GetUint64());
  std::memcpy(dst + index * sizeof(T), &value, sizeof(T));
}

double numberOf(const Value &v, const std::string &input, size_t index) {
  if (!v.IsNumber()) throw bad("input '" + input + "' value " + std::to_string(index) + " is not a number");
  return v.GetDouble();
}

// A double as the nearest float; past the float range, infinity (a plain conversion would be
// undefined there).
float floatOf(double d) {
  constexpr double kMax = std::numeric_limits<float>::max();
  if (d > kMax) return std::numeric_limits<float>::infinity();
  if (d < -kMax) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(d);
}

// Decodes scalar `v`, the input's value i, into `out` as `dtype`.
void decodeScalar(const Value &v, size_t i, int32_t dtype, uint8_t *out, const std::string &input) {
  switch (dtype) {
  case AICC_DTYPE_BOOL:
    if (!v.IsBool()) throw bad("input '" + input + "' value " + std::to_string(i) + " is not true or false");
    out[i] = v.GetBool() ? 1 : 0;
    break;
  case AICC_DTYPE_UINT8: storeInteger<uint8_t>(v, out, input, i); break;
  case AICC_DTYPE_UINT16: storeInteger<uint16_t>(v, out, input, i); break;
  case AICC_DTYPE_UINT32: storeInteger<uint32_t>(v, out, input, i); break;
  case AICC_DTYPE_UINT64: storeInteger<uint64_t>(v, out, input, i); break;
  case AICC_DTYPE_INT8: storeInteger<int8_t>(v, out, input, i); break;
  case AICC_DTYPE_INT16: storeInteger<int16_t>(v, out, input, i); break;
  case AICC_DTYPE_INT32: storeInteger<int32_t>(v, out, input, i); break;
  case AICC_DTYPE_INT64: storeInteger<int64_t>(v, out, input, i); break;
  case AICC_DTYPE_FLOAT32: {
    const float f = floatOf(numberOf(v, input, i));
    std::memcpy(out + 4 * i, &f, 4);
    break;
  }
  case AICC_DTYPE_FLOAT64: {
    const double d = numberOf(v, input, i);
    std::memcpy(out + 8 * i, &d, 8);
    break;
  }
  case AICC_DTYPE_FLOAT16: {
    const uint16_t h = halfFromFloat(floatOf(numberOf(v, input, i)));
    std::memcpy(out + 2 * i, &h, 2);
    break;
  }
  case AICC_DTYPE_BFLOAT16: {
    const uint16_t b = bf16FromFloat(floatOf(numberOf(v, input, i)));
    std::memcpy(out + 2 * i, &b, 2);
    break;
  }
  default: throw bad("input '" + input + "' has a datatype aicc-serve cannot decode");
  }
}

// Decodes the scalars of `data` (as countScalars walks it) into `out` from value *next on.
void decode(const Value &data, int32_t dtype, uint8_t *out, size_t *next, const std::string &input) {
  if (!data.IsArray()) return decodeScalar(data, (*next)++, dtype, out, input);
  for (const Value &v : data.GetArray()) decode(v, dtype, out, next, input);
}

// A parameter of a "parameters" object, or null.
const Value *parameter(const Value &object, const char *name) {
  auto params = object.FindMember("parameters");
  if (params == object.MemberEnd()) return nullptr;
  if (!params->value.IsObject()) throw bad("'parameters' must be an object");
  auto it = params->value.FindMember(name);
  return it == params->value.MemberEnd() ? nullptr : &it->value;
}

bool boolParameter(const Value &object, const char *name) {
  const Value *v = parameter(object, name);
  if (!v) return false;
  if (!v->IsBool()) throw bad(std::string("parameter '") + name + "' must be true or false");
  return v->GetBool();
}

const Value &member(const Value &object, const char *name, const std::string &where) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd()) throw bad(where + " has no '" + name + "'");
  return it->value;
}

void appendNumber(std::string &out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "Infinity" : "-Infinity";
  } else {
    char buffer[32];
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
  }
}

void appendFloat(std::string &out, float v) {
  if (std::isnan(v) || std::isinf(v)) return appendNumber(out, v);
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
}

template <typename T> void appendIntegers(std::string &out, const uint8_t *data, size_t n) {
  char buffer[32];
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, data + i * sizeof(T), sizeof(T));
    if (i) out += ',';
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
  }
}

void appendData(std::string &out, const OutputTensor &t) {
  const size_t n = t.data.size() / aicc_dtype_size(t.dtype);
  const uint8_t *p = t.data.data();
  out += '[';
  switch (t.dtype) {
  case AICC_DTYPE_BOOL:
    for (size_t i = 0; i < n; ++i) out += (i ? "," : "") + std::string(p[i] ? "true" : "false");
    break;
  case AICC_DTYPE_UINT8: appendIntegers<uint8_t>(out, p, n); break;
  case AICC_DTYPE_UINT16: appendIntegers<uint16_t>(out, p, n); break;
  case AICC_DTYPE_UINT32: appendIntegers<uint32_t>(out, p, n); break;
  case AICC_DTYPE_UINT64: appendIntegers<uint64_t>(out, p, n); break;
  case AICC_DTYPE_INT8: appendIntegers<int8_t>(out, p, n); break;
  case AICC_DTYPE_INT16: appendIntegers<int16_t>(out, p, n); break;
  case AICC_DTYPE_INT32: appendIntegers<int32_t>(out, p, n); break;
  case AICC_DTYPE_INT64: appendIntegers<int64_t>(out, p, n); break;
  case AICC_DTYPE_FLOAT32:
    for (size_t i = 0; i < n; ++i) {
      float v;
      std::memcpy(&v, p + 4 * i, 4);
      if (i) out += ',';
      appendFloat(out, v);
    }
    break;
  case AICC_DTYPE_FLOAT64:
    for (size_t i = 0; i < n; ++i) {
      double v;
      std::memcpy(&v, p + 8 * i, 8);
      if (i) out += ',';
      appendNumber(out, v);
    }
    break;
  case AICC_DTYPE_FLOAT16:
  case AICC_DTYPE_BFLOAT16:
    for (size_t i = 0; i < n; ++i) {
      uint16_t v;
      std::memcpy(&v, p + 2 * i, 2);
      if (i) out += ',';
      appendFloat(out, t.dtype == AICC_DTYPE_FLOAT16 ? floatFromHalf(v) : floatFromBf16(v));
    }
    break;
  default: break;
  }
  out += ']';
}

void appendShape(std::string &out, const int64_t *shape, int32_t rank) {
  out += '[';
  for (int32_t d = 0; d < rank; ++d) {
    if (d) out += ',';
    // A symbolic dim, or one only the run tells, is -1 in the protocol.
    out += std::to_string(shape[d] < 0 ? -1 : shape[d]);
  }
  out += ']';
}

void appendTensorMetadata(std::string &out, const aicc_tensor_info &info) {
  out += "{\"name\":" + jsonString(info.name) + ",\"datatype\":" + jsonString(datatypeName(info.dtype)) + ",\"shape\":";
  appendShape(out, info.shape, info.rank);
  out += '}';
}

} // namespace

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

std::string jsonError(const std::string &message) { return "{\"error\":" + jsonString(message) + "}"; }

JsonInferRequest parseJsonInferRequest(std::string_view body, size_t headerBytes, bool exactDoubles) {
  if (headerBytes > body.size())
    throw bad("Inference-Header-Content-Length is " + std::to_string(headerBytes) + ", but the body has only " +
              std::to_string(body.size()) + " bytes");
  rapidjson::Document doc;
  // Iterative: a body of nested brackets must not recurse through the stack.
  constexpr unsigned kFlags = rapidjson::kParseNanAndInfFlag | rapidjson::kParseIterativeFlag;
  if (exactDoubles)
    doc.Parse<kFlags | rapidjson::kParseFullPrecisionFlag>(body.data(), headerBytes);
  else
    doc.Parse<kFlags>(body.data(), headerBytes);
  if (doc.HasParseError())
    throw bad(std::string("malformed JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
              std::to_string(doc.GetErrorOffset()));
  if (!doc.IsObject()) throw bad("the request is not a JSON object");

  JsonInferRequest parsed;
  InferRequest &request = parsed.request;
  if (auto id = doc.FindMember("id"); id != doc.MemberEnd()) {
    if (!id->value.IsString()) throw bad("'id' must be a string");
    request.id = id->value.GetString();
  }
  parsed.allBinary = boolParameter(doc, "binary_data_output");

  const Value &inputs = member(doc, "inputs", "the request");
  if (!inputs.IsArray()) throw bad("'inputs' must be an array");
  const uint8_t *binary = reinterpret_cast<const uint8_t *>(body.data()) + headerBytes;
  const size_t binaryBytes = body.size() - headerBytes;
  size_t binaryUsed = 0;
  for (const Value &in : inputs.GetArray()) {
    if (!in.IsObject()) throw bad("each of 'inputs' must be an object");
    InputTensor tensor;
    const Value &name = member(in, "name", "an input");
    if (!name.IsString()) throw bad("an input's 'name' must be a string");
    tensor.name = name.GetString();
    const std::string what = "input '" + tensor.name + "'";
    const Value &datatype = member(in, "datatype", what);
    if (!datatype.IsString()) throw bad(what + ": 'datatype' must be a string");
    tensor.dtype = dtypeOfDatatype(datatype.GetString());
    if (tensor.dtype == AICC_DTYPE_UNDEFINED)
      throw bad(what + " has datatype '" + std::string(datatype.GetString()) + "', which aicc models do not take");
    const Value &shape = member(in, "shape", what);
    if (!shape.IsArray()) throw bad(what + ": 'shape' must be an array");
    // No model takes more dims; the bound also bounds how deep nested data may go.
    constexpr size_t kMaxRank = 32;
    if (shape.Size() > kMaxRank)
      throw bad(what + " has " + std::to_string(shape.Size()) + " dims; aicc models take at most " +
                std::to_string(kMaxRank));
    for (const Value &d : shape.GetArray()) {
      if (!d.IsInt64()) throw bad(what + ": 'shape' must hold integers");
      tensor.shape.push_back(d.GetInt64());
    }
    const size_t elements = elementCount(tensor.shape, what);
    const size_t elementBytes = aicc_dtype_size(tensor.dtype);
    if (const Value *size = parameter(in, "binary_data_size")) {
      if (!size->IsUint64()) throw bad(what + ": 'binary_data_size' must be a byte count");
      if (in.HasMember("data")) throw bad(what + " has both 'data' and 'binary_data_size'");
      const uint64_t bytes = size->GetUint64();
      if (bytes > binaryBytes - binaryUsed)
        throw bad(what + "'s binary_data_size is " + std::to_string(bytes) + ", but only " +
                  std::to_string(binaryBytes - binaryUsed) + " bytes of binary data are left");
      tensor.data = binary + binaryUsed;
      tensor.bytes = static_cast<size_t>(bytes);
      binaryUsed += tensor.bytes;
    } else {
      const Value &data = member(in, "data", what);
      const size_t count = countScalars(data, tensor.name, std::max<size_t>(tensor.shape.size(), 1));
      if (count != elements)
        throw bad(what + " has " + std::to_string(count) + " values; its shape holds " + std::to_string(elements));
      tensor.owned.resize(elements * elementBytes);
      size_t next = 0;
      decode(data, tensor.dtype, tensor.owned.data(), &next, tensor.name);
      tensor.data = tensor.owned.data();
      tensor.bytes = tensor.owned.size();
    }
    request.inputs.push_back(std::move(tensor));
  }
  if (binaryUsed != binaryBytes)
    throw bad("the inputs' binary_data_size add up to " + std::to_string(binaryUsed) + " bytes, but " +
              std::to_string(binaryBytes) + " bytes of binary data follow the JSON");

  if (auto outputs = doc.FindMember("outputs"); outputs != doc.MemberEnd()) {
    if (!outputs->value.IsArray()) throw bad("'outputs' must be an array");
    for (const Value &out : outputs->value.GetArray()) {
      if (!out.IsObject()) throw bad("each of 'outputs' must be an object");
      const Value &name = member(out, "name", "a requested output");
      if (!name.IsString()) throw bad("a requested output's 'name' must be a string");
      request.outputs.push_back(name.GetString());
      // An output's own binary_data overrides the request's binary_data_output.
      const Value *own = parameter(out, "binary_data");
      if (own && !own->IsBool()) throw bad("parameter 'binary_data' must be true or false");
      parsed.binaryOutputs.push_back(own ? own->GetBool() : parsed.allBinary);
    }
  }
  return parsed;
}

std::string writeJsonInferResponse(const ServedModel &model, const JsonInferRequest &parsed,
                                   const InferResponse &response, size_t *headerBytes) {
  std::string out =
      "{\"model_name\":" + jsonString(model.name()) + ",\"model_version\":\"" + std::to_string(model.version()) + "\"";
  if (!parsed.request.id.empty()) out += ",\"id\":" + jsonString(parsed.request.id);
  out += ",\"outputs\":[";
  std::vector<const OutputTensor *> binary;
  for (size_t o = 0; o < response.outputs.size(); ++o) {
    const OutputTensor &t = response.outputs[o];
    if (o) out += ',';
    out += "{\"name\":" + jsonString(t.name) + ",\"datatype\":\"" + datatypeName(t.dtype) + "\",\"shape\":";
    appendShape(out, t.shape.data(), static_cast<int32_t>(t.shape.size()));
    const bool inBinary = o < parsed.binaryOutputs.size() ? parsed.binaryOutputs[o] : parsed.allBinary;
    if (inBinary) {
      out += ",\"parameters\":{\"binary_data_size\":" + std::to_string(t.data.size()) + "}}";
      binary.push_back(&t);
    } else {
      out += ",\"data\":";
      appendData(out, t);
      out += '}';
    }
  }
  out += "]}";
  *headerBytes = binary.empty() ? 0 : out.size();
  for (const OutputTensor *t : binary) out.append(reinterpret_cast<const char *>(t->data.data()), t->data.size());
  return out;
}

std::string jsonModelMetadata(const ServedModel &model) {
  const Model &m = model.model();
  std::string out = "{\"name\":" + jsonString(model.name()) + ",\"versions\":[\"" + std::to_string(model.version()) +
                    "\"],\"platform\":\"aicc\",\"inputs\":[";
  for (int i = 0; i < m.numInputs(); ++i) {
    if (i) out += ',';
    appendTensorMetadata(out, m.input(i));
  }
  out += "],\"outputs\":[";
  for (int o = 0; o < m.numOutputs(); ++o) {
    if (o) out += ',';
    appendTensorMetadata(out, m.output(o));
  }
  return out + "]}";
}

} // namespace aicc::serve

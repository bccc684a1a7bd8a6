#include "serve/src/GrpcEndpoint.h"

#include <cstring>

#include <grpcpp/grpcpp.h>

#include "serve/src/Inference.h"
#include "serve/src/ServedModel.h"

namespace aicc::serve {

namespace {

grpc::Status statusOf(const ServeError &e) {
  switch (e.kind()) {
  case ErrorKind::BadRequest: return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, e.what());
  case ErrorKind::NotFound: return grpc::Status(grpc::StatusCode::NOT_FOUND, e.what());
  case ErrorKind::QueueFull: return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, e.what());
  case ErrorKind::Unavailable: return grpc::Status(grpc::StatusCode::UNAVAILABLE, e.what());
  case ErrorKind::Internal: break;
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, e.what());
}

// The model a request names; the protocol's empty version is the one served.
std::shared_ptr<ServedModel> findModel(const Repository &repository, const std::string &name,
                                       const std::string &version) {
  return findServedModel(repository, name, version.empty() ? nullptr : &version);
}

// Copies a typed contents field into `tensor` as T (the protocol packs INT8/INT16 in int32
// contents, UINT8/UINT16 in uint32); the element count must be the shape's.
template <typename T, typename Field> void copyContents(const Field &values, size_t elements, InputTensor &tensor) {
  if (static_cast<size_t>(values.size()) != elements)
    throw ServeError(ErrorKind::BadRequest, "input '" + tensor.name + "' has " + std::to_string(values.size()) +
                                                " values; its shape holds " + std::to_string(elements));
  tensor.owned.resize(elements * sizeof(T));
  for (size_t i = 0; i < elements; ++i) {
    const T v = static_cast<T>(values.Get(static_cast<int>(i)));
    std::memcpy(tensor.owned.data() + i * sizeof(T), &v, sizeof(T));
  }
  tensor.data = tensor.owned.data();
  tensor.bytes = tensor.owned.size();
}

void decodeContents(const inference::InferTensorContents &c, size_t elements, InputTensor &tensor) {
  switch (tensor.dtype) {
  case AICC_DTYPE_BOOL: return copyContents<uint8_t>(c.bool_contents(), elements, tensor);
  case AICC_DTYPE_INT8: return copyContents<int8_t>(c.int_contents(), elements, tensor);
  case AICC_DTYPE_INT16: return copyContents<int16_t>(c.int_contents(), elements, tensor);
  case AICC_DTYPE_INT32: return copyContents<int32_t>(c.int_contents(), elements, tensor);
  case AICC_DTYPE_INT64: return copyContents<int64_t>(c.int64_contents(), elements, tensor);
  case AICC_DTYPE_UINT8: return copyContents<uint8_t>(c.uint_contents(), elements, tensor);
  case AICC_DTYPE_UINT16: return copyContents<uint16_t>(c.uint_contents(), elements, tensor);
  case AICC_DTYPE_UINT32: return copyContents<uint32_t>(c.uint_contents(), elements, tensor);
  case AICC_DTYPE_UINT64: return copyContents<uint64_t>(c.uint64_contents(), elements, tensor);
  case AICC_DTYPE_FLOAT32: return copyContents<float>(c.fp32_contents(), elements, tensor);
  case AICC_DTYPE_FLOAT64: return copyContents<double>(c.fp64_contents(), elements, tensor);
  default:
    throw ServeError(ErrorKind::BadRequest, "input '" + tensor.name + "' is " + datatypeName(tensor.dtype) +
                                                ", which the protocol sends only in raw_input_contents");
  }
}

void describe(const aicc_tensor_info &info, inference::ModelMetadataResponse::TensorMetadata *out) {
  out->set_name(info.name);
  out->set_datatype(datatypeName(info.dtype));
  for (int32_t d = 0; d < info.rank; ++d) out->add_shape(info.shape[d] < 0 ? -1 : info.shape[d]);
}

} // namespace

GrpcEndpoint::GrpcEndpoint(Repository &repository, const ServerOptions &options, const std::atomic<bool> &ready)
    : repository_(repository), options_(options), ready_(ready) {}

GrpcEndpoint::~GrpcEndpoint() { stop(); }

int GrpcEndpoint::start(const std::string &host, int port) {
  grpc::ServerBuilder builder;
  int bound = 0;
  builder.AddListeningPort(host + ":" + std::to_string(port), grpc::InsecureServerCredentials(), &bound);
  builder.RegisterService(this);
  builder.SetMaxReceiveMessageSize(static_cast<int>(std::min<size_t>(options_.maxRequestBytes, INT32_MAX)));
  builder.SetMaxSendMessageSize(INT32_MAX);
  server_ = builder.BuildAndStart();
  if (!server_ || bound == 0)
    throw Error(AICC_ERR_INVALID_ARGUMENT, "cannot listen for gRPC on " + host + ":" + std::to_string(port));
  return bound;
}

void GrpcEndpoint::stop() {
  if (!server_) return;
  server_->Shutdown(); // waits for the calls in flight
  server_->Wait();
  server_.reset();
}

grpc::Status GrpcEndpoint::ServerLive(grpc::ServerContext *, const inference::ServerLiveRequest *,
                                      inference::ServerLiveResponse *response) {
  response->set_live(true);
  return grpc::Status::OK;
}

grpc::Status GrpcEndpoint::ServerReady(grpc::ServerContext *, const inference::ServerReadyRequest *,
                                       inference::ServerReadyResponse *response) {
  response->set_ready(ready_);
  return grpc::Status::OK;
}

grpc::Status GrpcEndpoint::ModelReady(grpc::ServerContext *, const inference::ModelReadyRequest *request,
                                      inference::ModelReadyResponse *response) {
  try {
    response->set_ready(findModel(repository_, request->name(), request->version()) != nullptr);
    return grpc::Status::OK;
  } catch (const ServeError &e) {
    return statusOf(e);
  }
}

grpc::Status GrpcEndpoint::ServerMetadata(grpc::ServerContext *, const inference::ServerMetadataRequest *,
                                          inference::ServerMetadataResponse *response) {
  response->set_name("aicc");
  // binary_tensor_data is an HTTP extension, and the model repository is reached over HTTP only.
  response->set_version(AICC_SERVE_VERSION);
  return grpc::Status::OK;
}

grpc::Status GrpcEndpoint::ModelMetadata(grpc::ServerContext *, const inference::ModelMetadataRequest *request,
                                         inference::ModelMetadataResponse *response) {
  try {
    const std::shared_ptr<ServedModel> model = findModel(repository_, request->name(), request->version());
    response->set_name(model->name());
    response->add_versions(std::to_string(model->version()));
    response->set_platform("aicc");
    const Model &m = model->model();
    for (int i = 0; i < m.numInputs(); ++i) describe(m.input(i), response->add_inputs());
    for (int o = 0; o < m.numOutputs(); ++o) describe(m.output(o), response->add_outputs());
    return grpc::Status::OK;
  } catch (const ServeError &e) {
    return statusOf(e);
  }
}

grpc::Status GrpcEndpoint::ModelInfer(grpc::ServerContext *, const inference::ModelInferRequest *request,
                                      inference::ModelInferResponse *response) {
  try {
    const std::shared_ptr<ServedModel> model = findModel(repository_, request->model_name(), request->model_version());
    InferRequest infer;
    infer.id = request->id();
    const bool raw = request->raw_input_contents_size() > 0;
    if (raw && request->raw_input_contents_size() != request->inputs_size())
      throw ServeError(ErrorKind::BadRequest, "raw_input_contents has " +
                                                  std::to_string(request->raw_input_contents_size()) + " entries for " +
                                                  std::to_string(request->inputs_size()) + " inputs");
    for (int i = 0; i < request->inputs_size(); ++i) {
      const auto &in = request->inputs(i);
      InputTensor tensor;
      tensor.name = in.name();
      tensor.dtype = dtypeOfDatatype(in.datatype());
      if (tensor.dtype == AICC_DTYPE_UNDEFINED)
        throw ServeError(ErrorKind::BadRequest, "input '" + in.name() + "' has datatype '" + in.datatype() +
                                                    "', which aicc models do not take");
      tensor.shape.assign(in.shape().begin(), in.shape().end());
      const size_t elements = elementCount(tensor.shape, "input '" + in.name() + "'");
      if (raw) {
        if (in.has_contents())
          throw ServeError(ErrorKind::BadRequest,
                           "input '" + in.name() + "' has contents although the request sends raw_input_contents");
        const std::string &bytes = request->raw_input_contents(i);
        tensor.data = reinterpret_cast<const uint8_t *>(bytes.data());
        tensor.bytes = bytes.size();
      } else {
        decodeContents(in.contents(), elements, tensor);
      }
      infer.inputs.push_back(std::move(tensor));
    }
    for (const auto &out : request->outputs()) infer.outputs.push_back(out.name());

    const InferResponse result = model->infer(infer);
    response->set_model_name(model->name());
    response->set_model_version(std::to_string(model->version()));
    response->set_id(request->id());
    for (const OutputTensor &t : result.outputs) {
      auto *out = response->add_outputs();
      out->set_name(t.name);
      out->set_datatype(datatypeName(t.dtype));
      for (int64_t d : t.shape) out->add_shape(d);
      response->add_raw_output_contents(reinterpret_cast<const char *>(t.data.data()), t.data.size());
    }
    return grpc::Status::OK;
  } catch (const ServeError &e) {
    return statusOf(e);
  } catch (const std::exception &e) {
    return grpc::Status(grpc::StatusCode::INTERNAL, e.what());
  }
}

} // namespace aicc::serve

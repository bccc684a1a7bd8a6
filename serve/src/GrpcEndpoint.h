// The protocol's gRPC service (inference.GRPCInferenceService) over grpc++'s synchronous server.
#ifndef AICC_SERVE_GRPC_ENDPOINT_H
#define AICC_SERVE_GRPC_ENDPOINT_H

#include <atomic>
#include <memory>
#include <string>

#include "aicc/serve.hpp"
#include "grpc_service.grpc.pb.h"

namespace aicc::serve {

class GrpcEndpoint final : public inference::GRPCInferenceService::Service {
public:
  GrpcEndpoint(Repository &repository, const ServerOptions &options, const std::atomic<bool> &ready);
  ~GrpcEndpoint() override;

  // Binds host:port (0: a free port) and starts answering; returns the port. Throws aicc::Error.
  int start(const std::string &host, int port);
  // Refuses new calls and returns once every call received is answered.
  void stop();

  grpc::Status ServerLive(grpc::ServerContext *, const inference::ServerLiveRequest *,
                          inference::ServerLiveResponse *response) override;
  grpc::Status ServerReady(grpc::ServerContext *, const inference::ServerReadyRequest *,
                           inference::ServerReadyResponse *response) override;
  grpc::Status ModelReady(grpc::ServerContext *, const inference::ModelReadyRequest *request,
                          inference::ModelReadyResponse *response) override;
  grpc::Status ServerMetadata(grpc::ServerContext *, const inference::ServerMetadataRequest *,
                              inference::ServerMetadataResponse *response) override;
  grpc::Status ModelMetadata(grpc::ServerContext *, const inference::ModelMetadataRequest *request,
                             inference::ModelMetadataResponse *response) override;
  grpc::Status ModelInfer(grpc::ServerContext *, const inference::ModelInferRequest *request,
                          inference::ModelInferResponse *response) override;

private:
  Repository &repository_;
  const ServerOptions &options_;
  const std::atomic<bool> &ready_;
  std::unique_ptr<grpc::Server> server_;
};

} // namespace aicc::serve

#endif // AICC_SERVE_GRPC_ENDPOINT_H

#include <mutex>
#include <thread>

#include "aicc/serve.hpp"
#include "serve/src/GrpcEndpoint.h"
#include "serve/src/HttpEndpoint.h"
#include "serve/src/Metrics.h"

namespace aicc::serve {

struct Server::State {
  explicit State(ServerOptions o)
      : options(std::move(o)), metrics(std::make_shared<Metrics>()), repository(options, metrics) {}

  ServerOptions options;
  std::shared_ptr<Metrics> metrics;
  Repository repository; // outlives the endpoints, declared after it
  std::atomic<bool> ready{false};
  std::unique_ptr<HttpEndpoint> http;
  std::unique_ptr<GrpcEndpoint> grpc;
  int httpPort = -1, grpcPort = -1;
  std::mutex stopping;
};

Server::Server(ServerOptions options) : state_(std::make_unique<State>(std::move(options))) {
  state_->repository.loadAll();
}

Server::~Server() { shutdown(); }

Repository &Server::repository() { return state_->repository; }

void Server::start() {
  State &s = *state_;
  if (s.options.httpPort >= 0) {
    s.http = std::make_unique<HttpEndpoint>(s.repository, *s.metrics, s.options, s.ready);
    s.httpPort = s.http->start(s.options.host, s.options.httpPort);
  }
  if (s.options.grpcPort >= 0) {
    s.grpc = std::make_unique<GrpcEndpoint>(s.repository, s.options, s.ready);
    s.grpcPort = s.grpc->start(s.options.host, s.options.grpcPort);
  }
  s.ready = true;
}

int Server::httpPort() const { return state_->httpPort; }
int Server::grpcPort() const { return state_->grpcPort; }

void Server::shutdown() {
  State &s = *state_;
  std::lock_guard<std::mutex> lock(s.stopping);
  s.ready = false;
  // Both endpoints stop accepting at once; each then waits for its requests in flight.
  std::thread grpc([&s] {
    if (s.grpc) s.grpc->stop();
  });
  if (s.http) s.http->stop();
  grpc.join();
  s.repository.stop();
}

} // namespace aicc::serve

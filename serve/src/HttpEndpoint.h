// The protocol's HTTP/REST endpoints (KServe v2: health, metadata, inference with the binary
// tensor data extension, the model repository extension) and GET /metrics, over cpp-httplib.
#ifndef AICC_SERVE_HTTP_ENDPOINT_H
#define AICC_SERVE_HTTP_ENDPOINT_H

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "aicc/serve.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace aicc::serve {

class ServedModel;

class HttpEndpoint {
public:
  HttpEndpoint(Repository &repository, Metrics &metrics, const ServerOptions &options, const std::atomic<bool> &ready);
  ~HttpEndpoint();

  // Binds host:port (0: a free port) and starts answering; returns the port. Throws aicc::Error.
  int start(const std::string &host, int port);
  // Closes the listening socket and returns once every request received is answered.
  void stop();

private:
  void dispatch(const httplib::Request &req, httplib::Response &res);
  // POST .../infer on `model`: JSON or the binary extension in, the same out.
  void infer(ServedModel &model, const httplib::Request &req, httplib::Response &res);

  Repository &repository_;
  Metrics &metrics_;
  const ServerOptions &options_;
  const std::atomic<bool> &ready_;
  std::unique_ptr<httplib::Server> server_;
  std::thread listener_;
  std::atomic<bool> listenerEnded_{false};
};

} // namespace aicc::serve

#endif // AICC_SERVE_HTTP_ENDPOINT_H

#include "serve/src/HttpEndpoint.h"

#include <httplib.h>

#include "serve/src/Inference.h"
#include "serve/src/JsonInference.h"
#include "serve/src/ServedModel.h"

namespace aicc::serve {

namespace {

constexpr const char *kJson = "application/json";

int httpStatus(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::BadRequest: return 400;
  case ErrorKind::NotFound: return 404;
  case ErrorKind::QueueFull:
  case ErrorKind::Unavailable: return 503;
  case ErrorKind::Internal: return 500;
  }
  return 500;
}

void answer(httplib::Response &res, int status, std::string body, const char *type = kJson) {
  res.status = status;
  res.body = std::move(body);
  res.set_header("Content-Type", type);
}

void fail(httplib::Response &res, int status, const std::string &message) { answer(res, status, jsonError(message)); }

std::vector<std::string> split(const std::string &path) {
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string statusMessage(int status, size_t maxBytes) {
  switch (status) {
  case 413: return "the request body is larger than the server's limit of " + std::to_string(maxBytes) + " bytes";
  case 404: return "no such endpoint";
  case 405: return "the endpoint does not take this method";
  default: return "the request could not be read (HTTP " + std::to_string(status) + ")";
  }
}

} // namespace

HttpEndpoint::HttpEndpoint(Repository &repository, Metrics &metrics, const ServerOptions &options,
                           const std::atomic<bool> &ready)
    : repository_(repository), metrics_(metrics), options_(options), ready_(ready),
      server_(std::make_unique<httplib::Server>()) {
  const size_t connections = static_cast<size_t>(std::max(options_.httpConnections, 1));
  server_->new_task_queue = [connections] { return new httplib::ThreadPool(connections); };
  server_->set_payload_max_length(options_.maxRequestBytes);
  // httplib holds a thread per connection for as long as the connection lives: one closed after
  // 1000 requests lets connections past httpConnections in rather than wait for ever.
  server_->set_keep_alive_max_count(1000);
  // httplib writes the headers and the body apart: with Nagle's algorithm the body then waits for
  // the client's delayed ACK (40 ms on Linux).
  server_->set_tcp_nodelay(true);
  auto handler = [this](const httplib::Request &req, httplib::Response &res) { dispatch(req, res); };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  auto refuse = [](const httplib::Request &req, httplib::Response &res) {
    fail(res, 405, "the protocol has no " + req.method + " endpoints; it takes GET and POST");
  };
  server_->Put(".*", refuse);
  server_->Delete(".*", refuse);
  server_->Patch(".*", refuse);
  // Errors httplib answers itself (a body over the limit, an unreadable request) get the
  // protocol's error body too.
  const size_t maxBytes = options_.maxRequestBytes;
  server_->set_error_handler([maxBytes](const httplib::Request &, httplib::Response &res) {
    if (res.body.empty()) answer(res, res.status, jsonError(statusMessage(res.status, maxBytes)));
  });
}

HttpEndpoint::~HttpEndpoint() { stop(); }

int HttpEndpoint::start(const std::string &host, int port) {
  const int bound = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound < 0)
    throw Error(AICC_ERR_INVALID_ARGUMENT, "cannot listen for HTTP on " + host + ":" + std::to_string(port));
  listenerEnded_ = false;
  listener_ = std::thread([this] {
    server_->listen_after_bind();
    listenerEnded_ = true;
  });
  // httplib's stop() does nothing before the listener runs: return once it does.
  while (!server_->is_running() && !listenerEnded_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return bound;
}

void HttpEndpoint::stop() {
  if (!listener_.joinable()) return;
  server_->stop();
  listener_.join();
}

void HttpEndpoint::dispatch(const httplib::Request &req, httplib::Response &res) {
  const bool get = req.method == "GET", post = req.method == "POST";
  if (req.path == "/metrics" && get) return answer(res, 200, metrics_.render(), "text/plain; version=0.0.4");
  const std::vector<std::string> p = split(req.path);
  if (p.empty() || p[0] != "v2") return fail(res, 404, "no endpoint " + req.path);
  if (p.size() == 1 && get)
    return answer(res, 200,
                  "{\"name\":\"aicc\",\"version\":\"" AICC_SERVE_VERSION
                  "\",\"extensions\":[\"binary_tensor_data\",\"model_repository\"]}");
  if (p.size() == 3 && p[1] == "health" && get) {
    if (p[2] == "live") return answer(res, 200, "");
    if (p[2] == "ready") return ready_ ? answer(res, 200, "") : fail(res, 400, "the server is starting or stopping");
  }
  if (p.size() >= 3 && p[1] == "models") {
    // models/<m>[/versions/<v>][/ready|/infer]
    const std::string &name = p[2];
    size_t next = 3;
    const std::string *version = nullptr;
    if (p.size() >= 5 && p[3] == "versions") {
      version = &p[4];
      next = 5;
    }
    const std::string action = next < p.size() ? p[next] : "";
    if (next + 1 < p.size()) return fail(res, 404, "no endpoint " + req.path);
    try {
      if (action.empty() && get)
        return answer(res, 200, jsonModelMetadata(*findServedModel(repository_, name, version)));
      if (action == "ready" && get) {
        findServedModel(repository_, name, version);
        return answer(res, 200, "");
      }
      if (action == "infer" && post) {
        // Held until answered: an unload or a new version meanwhile leaves this one running.
        const std::shared_ptr<ServedModel> model = findServedModel(repository_, name, version);
        return infer(*model, req, res);
      }
    } catch (const ServeError &e) {
      return fail(res, httpStatus(e.kind()), e.what());
    }
  }
  if (p.size() == 3 && p[1] == "repository" && p[2] == "index" && post) {
    std::string body = "[";
    for (const std::string &name : repository_.names()) {
      const std::shared_ptr<ServedModel> model = repository_.find(name);
      if (body.size() > 1) body += ',';
      body += "{\"name\":" + jsonString(name);
      if (model) body += ",\"version\":\"" + std::to_string(model->version()) + "\"";
      body += std::string(",\"state\":\"") + (model ? "READY" : "UNAVAILABLE") + "\"}";
    }
    return answer(res, 200, body + "]");
  }
  if (p.size() == 5 && p[1] == "repository" && p[2] == "models" && post && (p[4] == "load" || p[4] == "unload")) {
    if (!options_.modelControl)
      return fail(res, 403, "this server does not load or unload models on request (start it with --model-control)");
    if (p[4] == "unload") {
      if (!repository_.unload(p[3])) return fail(res, 404, "no model '" + p[3] + "' is being served");
      return answer(res, 200, "");
    }
    try {
      repository_.load(p[3]);
      return answer(res, 200, "");
    } catch (const Error &e) {
      return fail(res, 400, e.what());
    }
  }
  fail(res, 404, "no endpoint " + req.method + " " + req.path);
}

void HttpEndpoint::infer(ServedModel &model, const httplib::Request &req, httplib::Response &res) {
  try {
    size_t headerBytes = req.body.size();
    if (req.has_header("Inference-Header-Content-Length")) {
      const std::string value = req.get_header_value("Inference-Header-Content-Length");
      char *end = nullptr;
      const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || *end || value[0] == '-')
        throw ServeError(ErrorKind::BadRequest, "Inference-Header-Content-Length '" + value + "' is not a length");
      if (n > req.body.size())
        throw ServeError(ErrorKind::BadRequest, "Inference-Header-Content-Length is " + value +
                                                    ", but the body has only " + std::to_string(req.body.size()) +
                                                    " bytes");
      headerBytes = static_cast<size_t>(n);
    }
    if (headerBytes > options_.maxJsonBytes)
      return fail(res, 413,
                  "the request's JSON has " + std::to_string(headerBytes) + " bytes, over the server's limit of " +
                      std::to_string(options_.maxJsonBytes) +
                      ": send large tensors in the binary tensor data extension");
    JsonInferRequest parsed;
    try {
      parsed = parseJsonInferRequest(req.body, headerBytes, model.takesFloat64());
    } catch (const ServeError &) {
      // A request the model never saw still counts as one of its requests, and failed.
      model.metrics().requests.fetch_add(1, std::memory_order_relaxed);
      model.metrics().failures.fetch_add(1, std::memory_order_relaxed);
      throw;
    }
    const InferResponse response = model.infer(parsed.request);
    size_t responseHeaderBytes = 0;
    std::string body = writeJsonInferResponse(model, parsed, response, &responseHeaderBytes);
    if (responseHeaderBytes) {
      res.set_header("Inference-Header-Content-Length", std::to_string(responseHeaderBytes));
      return answer(res, 200, std::move(body), "application/octet-stream");
    }
    answer(res, 200, std::move(body));
  } catch (const ServeError &e) {
    fail(res, httpStatus(e.kind()), e.what());
  } catch (const std::exception &e) {
    fail(res, 500, e.what());
  }
}

} // namespace aicc::serve

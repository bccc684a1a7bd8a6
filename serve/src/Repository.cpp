// The model repository: <dir>/<model>/<version>/model.so, one folder per model and a numbered
// folder per version, and an optional <dir>/<model>/config.json (ModelConfig's keys).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "aicc/serve.hpp"
#include "serve/src/ServedModel.h"

namespace aicc::serve {

namespace fs = std::filesystem;

struct Repository::State {
  std::string directory;
  ServeLimits limits;
  std::shared_ptr<Metrics> metrics;
  mutable std::mutex mutex;
  std::map<std::string, std::shared_ptr<ServedModel>> models;
  // Loads of one model run one at a time, so two reloads cannot both create sessions for it.
  std::mutex loading;
};

namespace {

Error configError(const std::string &model, const std::string &message) {
  return Error(AICC_ERR_INVALID_ARGUMENT, "model '" + model + "': config.json: " + message);
}

ModelConfig readConfig(const std::string &model, const fs::path &path) {
  ModelConfig config;
  if (!fs::exists(path)) return config;
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) throw configError(model, "cannot be read");
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError())
    throw configError(model, std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at offset " +
                                 std::to_string(doc.GetErrorOffset()));
  if (!doc.IsObject()) throw configError(model, "is not a JSON object");
  for (const auto &member : doc.GetObject()) {
    const std::string key = member.name.GetString();
    auto integer = [&](int64_t lowest) {
      if (!member.value.IsInt64() || member.value.GetInt64() < lowest)
        throw configError(model, "'" + key + "' must be an integer of at least " + std::to_string(lowest));
      return member.value.GetInt64();
    };
    if (key == "max_batch_size")
      config.maxBatchSize = integer(1);
    else if (key == "max_queue_delay_microseconds") {
      // Past a minute a batch's deadline would be a request's whole life; the bound keeps the
      // deadline arithmetic in range.
      const int64_t delay = integer(0);
      if (delay > 60'000'000) throw configError(model, "'" + key + "' must be at most 60000000 (a minute)");
      config.maxQueueDelay = std::chrono::microseconds(delay);
    } else if (key == "max_queue_size")
      config.maxQueueSize = integer(1);
    else if (key == "sessions")
      config.sessions = static_cast<int>(std::min<int64_t>(integer(1), 256));
    else if (key == "version")
      config.version = integer(1);
    else
      throw configError(model, "unknown key '" + key +
                                   "' (it takes max_batch_size, max_queue_delay_microseconds, max_queue_size, "
                                   "sessions and version)");
  }
  return config;
}

// A version folder's number, or 0 if the name is not a positive decimal number.
int64_t versionOf(const std::string &name) {
  if (name.empty() || name.size() > 18 || !std::all_of(name.begin(), name.end(), ::isdigit)) return 0;
  return std::stoll(name);
}

bool validModelName(const std::string &name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

} // namespace

Repository::Repository(const ServerOptions &options, std::shared_ptr<Metrics> metrics)
    : state_(new State{options.modelRepository,
                       ServeLimits{options.threads, options.maxResponseBytes},
                       std::move(metrics),
                       {},
                       {},
                       {}}) {}

Repository::~Repository() { stop(); }

void Repository::load(const std::string &name) {
  if (state_->directory.empty())
    throw Error(AICC_ERR_LOAD, "model '" + name + "': the server has no model repository to load it from");
  if (!validModelName(name)) throw Error(AICC_ERR_INVALID_ARGUMENT, "'" + name + "' is not a model name");
  const fs::path folder = fs::path(state_->directory) / name;
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw Error(AICC_ERR_LOAD, "model '" + name + "': no folder " + folder.string() + " in the repository");
  const ModelConfig config = readConfig(name, folder / "config.json");
  int64_t version = config.version;
  if (version == 0)
    for (const fs::directory_entry &entry : fs::directory_iterator(folder, ec))
      if (entry.is_directory() && fs::exists(entry.path() / "model.so"))
        version = std::max(version, versionOf(entry.path().filename().string()));
  if (version == 0)
    throw Error(AICC_ERR_LOAD, "model '" + name + "': " + folder.string() + " has no <version>/model.so");
  const fs::path path = folder / std::to_string(version) / "model.so";
  if (!fs::exists(path))
    throw Error(AICC_ERR_LOAD, "model '" + name + "': config.json pins version " + std::to_string(version) + ", but " +
                                   path.string() + " does not exist");
  std::lock_guard<std::mutex> loading(state_->loading);
  add(name, version, Model(path.string()), config);
}

void Repository::loadAll() {
  if (state_->directory.empty()) return;
  std::error_code ec;
  if (!fs::is_directory(state_->directory, ec))
    throw Error(AICC_ERR_LOAD, "the model repository " + state_->directory + " is not a folder");
  for (const std::string &name : names())
    if (fs::is_directory(fs::path(state_->directory) / name, ec)) load(name);
}

void Repository::add(const std::string &name, int64_t version, Model model, const ModelConfig &config) {
  if (!validModelName(name)) throw Error(AICC_ERR_INVALID_ARGUMENT, "'" + name + "' is not a model name");
  auto served = std::make_shared<ServedModel>(name, version, std::move(model), config, state_->limits,
                                              state_->metrics->forModel(name));
  std::shared_ptr<ServedModel> replaced;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    replaced = std::exchange(state_->models[name], served);
  }
  // The version replaced stops once its last request is answered (its requests hold it).
}

bool Repository::unload(const std::string &name) {
  std::shared_ptr<ServedModel> removed;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->models.find(name);
    if (it == state_->models.end()) return false;
    removed = std::move(it->second);
    state_->models.erase(it);
  }
  return true;
}

std::shared_ptr<ServedModel> Repository::find(const std::string &name) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto it = state_->models.find(name);
  return it == state_->models.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<ServedModel>> Repository::models() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  std::vector<std::shared_ptr<ServedModel>> out;
  for (const auto &entry : state_->models) out.push_back(entry.second);
  return out;
}

std::vector<std::string> Repository::names() const {
  std::vector<std::string> out;
  std::error_code ec;
  if (!state_->directory.empty())
    for (const fs::directory_entry &entry : fs::directory_iterator(state_->directory, ec))
      if (entry.is_directory()) out.push_back(entry.path().filename().string());
  for (const auto &model : models())
    if (std::find(out.begin(), out.end(), model->name()) == out.end()) out.push_back(model->name());
  std::sort(out.begin(), out.end());
  return out;
}

void Repository::stop() {
  for (const auto &model : models()) model->stop();
}

} // namespace aicc::serve

// Host artifacts; see HostArtifact.h.
#include "compiler/HostArtifact.h"

#include "compiler/Diagnostics.h"
#include "compiler/TargetBackend.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>
#include <limits.h>

namespace aicc {

std::optional<std::string> runtimeLibDir() {
  void *runtime = dlopen(AICC_RUNTIME_SONAME, RTLD_LAZY | RTLD_NOLOAD);
  if (!runtime) return std::nullopt;
  char origin[PATH_MAX];
  bool found = dlinfo(runtime, RTLD_DI_ORIGIN, origin) == 0;
  dlclose(runtime);
  if (!found) return std::nullopt;
  return std::string(origin);
}

std::optional<std::string> aiccRunPath() {
  std::string self = llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&runtimeLibDir));
  llvm::SmallString<256> path(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(path, "aicc-run");
  if (!llvm::sys::fs::can_execute(path)) return std::nullopt;
  return std::string(path);
}

llvm::Error TemporaryFolder::create(llvm::StringRef prefix) {
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(prefix, path))
    return fail("cannot create a temporary folder: " + ec.message());
  return llvm::Error::success();
}

TemporaryFolder::~TemporaryFolder() {
  if (!path.empty()) llvm::sys::fs::remove_directories(path);
}

std::string TemporaryFolder::file(llvm::StringRef name) const {
  llvm::SmallString<128> joined(path);
  llvm::sys::path::append(joined, name);
  return std::string(joined);
}

llvm::Error compileForHost(mlir::ModuleOp module, const std::string &path, const std::string &libDir,
                           llvm::StringRef producer) {
  std::unique_ptr<TargetBackend> backend = createCpuBackend();
  if (auto err = backend->optimize(module, OptimizeRequest{})) return err;
  auto signature = describeSignature(module);
  if (!signature) return signature.takeError();
  ArtifactDescription description;
  description.producer = producer.str();
  description.inputs = std::move(signature->first);
  description.outputs = std::move(signature->second);
  EmitRequest request;
  request.kind = EmitRequest::Kind::SharedObject;
  request.outputPath = path;
  request.runtimeLibDir = libDir;
  request.prepackWeights = false;
  return backend->emit(module, description, request);
}

} // namespace aicc

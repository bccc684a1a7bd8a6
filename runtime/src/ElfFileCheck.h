// A pre-flight check of a shared object's file before dlopen(): glibc maps an ELF file's segments
// as its program headers describe them, and touching a segment that lies past the end of a
// truncated file raises SIGBUS in the loading process instead of a dlopen() error.
#ifndef AICC_RUNTIME_ELFFILECHECK_H
#define AICC_RUNTIME_ELFFILECHECK_H

#include <string>

namespace aicc::rt {

// Returns "" if `path` is not a 64-bit ELF file (dlopen() will say what it is) or if its program
// headers, every segment they describe, and its section header table (the end of a linked file)
// lie inside the file; else what is cut off.
std::string findElfTruncation(const std::string &path);

} // namespace aicc::rt

#endif // AICC_RUNTIME_ELFFILECHECK_H

#include "ElfFileCheck.h"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <vector>

namespace aicc::rt {

std::string findElfTruncation(const std::string &path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return "";
  const uint64_t size = static_cast<uint64_t>(file.tellg());
  file.seekg(0);

  unsigned char ident[EI_NIDENT] = {};
  file.read(reinterpret_cast<char *>(ident), sizeof ident);
  if (!file || std::memcmp(ident, ELFMAG, SELFMAG) != 0 || ident[EI_CLASS] != ELFCLASS64) return "";

  Elf64_Ehdr header;
  file.seekg(0);
  if (!file.read(reinterpret_cast<char *>(&header), sizeof header))
    return "the ELF header is cut off (file has " + std::to_string(size) + " bytes)";
  if (header.e_phentsize != sizeof(Elf64_Phdr)) return ""; // not a layout glibc would map either; let dlopen() explain
  const uint64_t headersEnd = header.e_phoff + uint64_t(header.e_phnum) * sizeof(Elf64_Phdr);
  if (headersEnd > size)
    return "the program headers end at byte " + std::to_string(headersEnd) + " of a " + std::to_string(size) +
           "-byte file";

  std::vector<Elf64_Phdr> segments(header.e_phnum);
  file.seekg(static_cast<std::streamoff>(header.e_phoff));
  if (!file.read(reinterpret_cast<char *>(segments.data()), segments.size() * sizeof(Elf64_Phdr)))
    return "the program headers cannot be read";
  for (size_t i = 0; i < segments.size(); ++i) {
    const uint64_t end = segments[i].p_offset + segments[i].p_filesz;
    if (segments[i].p_filesz > 0 && end > size)
      return "segment " + std::to_string(i) + " ends at byte " + std::to_string(end) + " of a " + std::to_string(size) +
             "-byte file";
  }
  const uint64_t sectionsEnd = header.e_shoff + uint64_t(header.e_shnum) * header.e_shentsize;
  if (header.e_shoff != 0 && sectionsEnd > size)
    return "the section headers end at byte " + std::to_string(sectionsEnd) + " of a " + std::to_string(size) +
           "-byte file";
  return "";
}

} // namespace aicc::rt

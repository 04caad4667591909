#pragma once
// A whole file read into a string: the config file, a private key, a cgroup's cpu.max. Each caller
// says what a missing or unreadable file means to it.
#include <filesystem>
#include <optional>
#include <string>

namespace bh {

// The file's bytes, or nullopt when it cannot be opened.
std::optional<std::string> read_file_text(const std::filesystem::path& file);

}  // namespace bh

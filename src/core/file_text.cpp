#include "core/file_text.h"

#include <fstream>
#include <sstream>

namespace bh {

std::optional<std::string> read_file_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

}  // namespace bh

#pragma once
// Files served from a directory (Swagger UI, the built web app): content type by extension, a weak
// ETag from size and modification time (If-None-Match → 304), and no way out of the directory:
// ".", "..", backslashes and NULs are refused, and the resolved file must lie inside the directory
// even through symbolic links.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace bh::portal {

// The file `relative` (a decoded URL path below the mount point, '/'-separated) names under `root`,
// or nullopt when the path tries to leave `root` or names no regular file.
std::optional<std::filesystem::path> resolve_under(const std::filesystem::path& root,
                                                   std::string_view relative);

std::string_view content_type_for(const std::filesystem::path& file);

class StaticDirectory {
  public:
    explicit StaticDirectory(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }
    bool exists() const;
    // 200 with the file, 304 when `if_none_match` names its current ETag, nullopt when there is
    // no such file. Answers carry Cache-Control: no-cache (revalidate with the ETag).
    std::optional<http::Response> serve(std::string_view relative, std::string_view if_none_match) const;

  private:
    std::filesystem::path root_;
};

}  // namespace bh::portal

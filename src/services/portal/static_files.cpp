#include "services/portal/static_files.h"

#include <array>
#include <chrono>
#include <fstream>
#include <iterator>
#include <system_error>

namespace bh::portal {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".xml", "application/xml"},
    {".webmanifest", "application/manifest+json"},
    {".wasm", "application/wasm"},
}};

bool is_within(const fs::path& root, const fs::path& file) {
    auto r = root.begin();
    auto f = file.begin();
    for (; r != root.end(); ++r, ++f) {
        if (r->empty()) continue;  // a trailing separator of root
        if (f == file.end() || *r != *f) return false;
    }
    return true;
}

std::string etag_for(const fs::path& file, std::uintmax_t size) {
    std::error_code ec;
    const auto modified = fs::last_write_time(file, ec);
    const auto ticks = ec ? 0 : modified.time_since_epoch().count();
    return "W/\"" + std::to_string(size) + "-" + std::to_string(ticks) + "\"";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    if (if_none_match.empty()) return false;
    if (if_none_match == "*") return true;
    // A comma-separated list; compare the opaque tags (weak comparison: W/ prefixes ignored).
    const auto strip = [](std::string_view tag) {
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        return tag;
    };
    const auto wanted = strip(etag);
    while (!if_none_match.empty()) {
        const auto comma = if_none_match.find(',');
        if (strip(if_none_match.substr(0, comma)) == wanted) return true;
        if (comma == std::string_view::npos) break;
        if_none_match.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

std::optional<fs::path> resolve_under(const fs::path& root, std::string_view relative) {
    fs::path candidate = root;
    std::size_t start = 0;
    while (start <= relative.size()) {
        auto end = relative.find('/', start);
        if (end == std::string_view::npos) end = relative.size();
        const auto segment = relative.substr(start, end - start);
        start = end + 1;
        if (segment.empty()) continue;
        if (segment == "." || segment == ".." || segment.find('\\') != std::string_view::npos ||
            segment.find('\0') != std::string_view::npos) {
            return std::nullopt;
        }
        candidate /= fs::path(std::string(segment));
    }
    std::error_code ec;
    const auto real_root = fs::canonical(root, ec);
    if (ec) return std::nullopt;
    const auto real_file = fs::canonical(candidate, ec);
    if (ec || !is_within(real_root, real_file)) return std::nullopt;  // also catches symlinks out
    if (!fs::is_regular_file(real_file, ec) || ec) return std::nullopt;
    return real_file;
}

std::string_view content_type_for(const fs::path& file) {
    const auto extension = file.extension().string();
    for (const auto& [ext, type] : kContentTypes) {
        if (ext == extension) return type;
    }
    return "application/octet-stream";
}

StaticDirectory::StaticDirectory(fs::path root) : root_(std::move(root)) {}

bool StaticDirectory::exists() const {
    std::error_code ec;
    return !root_.empty() && fs::is_directory(root_, ec);
}

std::optional<http::Response> StaticDirectory::serve(std::string_view relative,
                                                     std::string_view if_none_match) const {
    if (root_.empty()) return std::nullopt;
    const auto file = resolve_under(root_, relative);
    if (!file) return std::nullopt;
    std::error_code ec;
    const auto size = fs::file_size(*file, ec);
    if (ec) return std::nullopt;
    const auto etag = etag_for(*file, size);
    http::Response response;
    response.content_type = std::string(content_type_for(*file));
    response.with_header("ETag", etag).with_header("Cache-Control", "no-cache");
    if (etag_matches(if_none_match, etag)) {
        response.status = 304;
        response.content_type.clear();
        return response;
    }
    std::ifstream in(*file, std::ios::binary);
    if (!in) return std::nullopt;
    response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return response;
}

}  // namespace bh::portal

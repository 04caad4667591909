#include "http/multipart.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace bh::http {

namespace {

[[noreturn]] void malformed(const std::string& what) {
    throw AppError(ErrorKind::BadRequest, kMalformedMultipart, "Malformed multipart/form-data body: " + what);
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// Parameters of a header value such as `form-data; name="file"; filename="a b.pdf"`: lower-case
// names, quoted values unquoted (backslash escapes honoured). The first item (the type) is skipped.
std::vector<std::pair<std::string, std::string>> header_parameters(std::string_view value) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = value.find(';');
    while (i != std::string_view::npos && i < value.size()) {
        ++i;  // past ';'
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
        const std::size_t eq = value.find('=', i);
        if (eq == std::string_view::npos) break;
        std::string name = lower(trim(value.substr(i, eq - i)));
        i = eq + 1;
        std::string parameter;
        if (i < value.size() && value[i] == '"') {
            ++i;
            bool closed = false;
            while (i < value.size()) {
                const char c = value[i++];
                if (c == '\\' && i < value.size()) {
                    parameter.push_back(value[i++]);
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    parameter.push_back(c);
                }
            }
            if (!closed) malformed("unterminated quoted parameter");
            i = value.find(';', i);
        } else {
            const std::size_t end = value.find(';', i);
            parameter = std::string(trim(value.substr(i, end == std::string_view::npos ? end : end - i)));
            i = end;
        }
        out.emplace_back(std::move(name), std::move(parameter));
    }
    return out;
}

bool is_boundary_char(char c) {
    // RFC 2046 bchars.
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

MultipartPart parse_part(std::string_view raw, const MultipartLimits& limits) {
    const std::size_t head_end = raw.find("\r\n\r\n");
    std::string_view head;
    std::string_view body;
    if (raw.starts_with("\r\n")) {  // no headers at all
        body = raw.substr(2);
    } else {
        if (head_end == std::string_view::npos) malformed("part headers not terminated");
        head = raw.substr(0, head_end);
        body = raw.substr(head_end + 4);
    }
    if (head.size() > limits.max_part_header_bytes) malformed("part headers too large");
    MultipartPart part;
    part.content_type = "text/plain";
    bool has_disposition = false;
    std::size_t start = 0;
    while (start < head.size()) {
        std::size_t end = head.find("\r\n", start);
        if (end == std::string_view::npos) end = head.size();
        const std::string_view line = head.substr(start, end - start);
        start = end + 2;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) malformed("bad part header line");
        const std::string name = lower(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "content-disposition") {
            if (lower(trim(value.substr(0, value.find(';')))) != "form-data")
                malformed("part is not form-data");
            has_disposition = true;
            for (auto& [key, parameter] : header_parameters(value)) {
                if (key == "name")
                    part.name = std::move(parameter);
                else if (key == "filename")
                    part.filename = std::move(parameter);
            }
        } else if (name == "content-type") {
            part.content_type = lower(trim(value.substr(0, value.find(';'))));
        }
    }
    if (!has_disposition || part.name.empty()) malformed("part without Content-Disposition name");
    if (body.size() > limits.max_part_bytes) {
        throw AppError(
            ErrorKind::BadRequest, kMaxUploadSizeExceeded,
            "File size exceeds the maximum limit of " + std::to_string(limits.max_part_bytes) + " bytes");
    }
    part.body = body;
    return part;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
    if (type != "multipart/form-data") return std::nullopt;
    for (auto& [key, value] : header_parameters(content_type)) {
        if (key != "boundary") continue;
        if (value.empty() || value.size() > 70 || value.back() == ' ') return std::nullopt;
        if (!std::all_of(value.begin(), value.end(), is_boundary_char)) return std::nullopt;
        return value;
    }
    return std::nullopt;
}

std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits) {
    const std::string delimiter = "--" + std::string(boundary);
    // The first delimiter may follow a preamble (which must end in CRLF) or open the body.
    std::size_t position;
    if (body.starts_with(delimiter)) {
        position = delimiter.size();
    } else {
        const std::size_t found = body.find("\r\n" + delimiter);
        if (found == std::string_view::npos) malformed("no opening boundary");
        position = found + 2 + delimiter.size();
    }
    const std::string next_delimiter = "\r\n" + delimiter;
    std::vector<MultipartPart> parts;
    while (true) {
        if (body.substr(position).starts_with("--")) break;  // close delimiter: the rest is epilogue
        // Transport padding, then CRLF.
        while (position < body.size() && (body[position] == ' ' || body[position] == '\t')) ++position;
        if (!body.substr(position).starts_with("\r\n")) malformed("boundary not followed by CRLF");
        position += 2;
        const std::size_t end = body.find(next_delimiter, position);
        if (end == std::string_view::npos) malformed("missing closing boundary");
        if (parts.size() == limits.max_parts) malformed("too many parts");
        parts.push_back(parse_part(body.substr(position, end - position), limits));
        position = end + next_delimiter.size();
    }
    return parts;
}

const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name) {
    for (const auto& part : parts) {
        if (part.name == name) return &part;
    }
    return nullptr;
}

}  // namespace bh::http

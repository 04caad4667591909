// Fuzz target: request targets and routing — what the server does with the request line before any
// handler: the origin-form URI parsed as http/server.cpp does (boost::urls::parse_origin_form, the
// decoded path, the raw query), then http::Router::match against every route of the access table
// (identity::access_policy(), the routes the portal exposes), then http::path_uuid on its parameters.
// Input: "<METHOD> <target>".
// Asserts:
//  - a match is a route of the table (find_route finds it, for HEAD its GET), whose parameters are
//    non-empty single segments and which, filled with them, is the request path (empty segments
//    aside: the router skips them); MethodNotAllowed lists at least one other method;
//  - path_uuid of each parameter is a 400 VALIDATION_ERROR naming it, or a UUID that prints back as
//    the parameter (any case).
#include <boost/url/parse.hpp>
#include <cctype>

#include "core/error.h"
#include "fuzz_check.h"
#include "http/path_params.h"
#include "http/router.h"
#include "identity/access_policy.h"

namespace {

using namespace bh::http;

const Router& router() {
    static const Router r = [] {
        Router built;
        for (const auto& route : bh::identity::access_policy())
            built.add(route.method, route.pattern, Handler{});
        return built;
    }();
    return r;
}

// The segments of a path joined by '/', empty ones left out (as the router reads it).
std::string segments(std::string_view path) {
    std::string out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) out.append("/").append(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string filled(std::string_view pattern, const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out(pattern);
    for (const auto& [name, value] : params) {
        const std::string slot = "{" + name + "}";
        const auto at = out.find(slot);
        FUZZ_CHECK(at != std::string::npos);
        out.replace(at, slot.size(), value);
    }
    return out;
}

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = bh::fuzz::as_text(data, size);
    const auto space = input.find(' ');
    if (space == std::string_view::npos) return 0;
    Request request;
    request.method = method_from_string(input.substr(0, space));
    request.target = std::string(input.substr(space + 1));
    const auto url = boost::urls::parse_origin_form(request.target);
    if (!url) return 0;  // the server answers 400
    request.path = url->path();
    request.query = std::string(url->encoded_query());

    const auto match = router().match(request.method, request.path);
    if (match.outcome == RouteMatch::Outcome::MethodNotAllowed) {
        FUZZ_CHECK(!match.allowed.empty() && match.params.empty());
        return 0;
    }
    if (match.outcome != RouteMatch::Outcome::Found) return 0;
    FUZZ_CHECK(match.pattern != nullptr);
    const auto method = request.method == Method::Head ? Method::Get : request.method;
    FUZZ_CHECK(bh::identity::find_route(request.method, *match.pattern) != nullptr ||
               bh::identity::find_route(method, *match.pattern) != nullptr);
    for (const auto& [name, value] : match.params) {
        FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos);
    }
    FUZZ_CHECK(segments(filled(*match.pattern, match.params)) == segments(request.path));

    request.path_params = match.params;
    for (const auto& [name, value] : match.params) {
        try {
            const auto id = path_uuid(request, name);
            FUZZ_CHECK(id.to_string() == lower(value));
        } catch (const bh::AppError& e) {
            FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest && e.field_errors().size() == 1 &&
                       e.field_errors()[0].field == name);
        }
    }
    return 0;
}

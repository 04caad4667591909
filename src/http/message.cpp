#include "http/message.h"

#include <array>
#include <boost/json/serialize.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>

#include "core/json_text.h"

namespace bh::http {

namespace {
constexpr std::array<std::pair<std::string_view, Method>, 7> kMethods{{{"GET", Method::Get},
                                                                       {"HEAD", Method::Head},
                                                                       {"POST", Method::Post},
                                                                       {"PUT", Method::Put},
                                                                       {"PATCH", Method::Patch},
                                                                       {"DELETE", Method::Delete},
                                                                       {"OPTIONS", Method::Options}}};
}  // namespace

Method method_from_string(std::string_view name) {
    for (const auto& [text, method] : kMethods) {
        if (text == name) return method;
    }
    return Method::Other;
}

std::string_view to_string(Method method) {
    for (const auto& [text, m] : kMethods) {
        if (m == method) return text;
    }
    return "OTHER";
}

std::string lower_case(std::string_view name) {
    std::string out(name);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view Request::header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_case_name) return value;
    }
    return {};
}

std::string_view Request::path_param(std::string_view name) const {
    for (const auto& [key, value] : path_params) {
        if (key == name) return value;
    }
    return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
    if (query.empty()) return std::nullopt;
    auto parsed = boost::urls::parse_query(query);
    if (!parsed) return std::nullopt;
    for (const auto& param : boost::urls::params_view(*parsed)) {
        if (param.key == name) return std::string(param.value);
    }
    return std::nullopt;
}

Response Response::json(int status, const boost::json::value& body) {
    Response response;
    response.status = status;
    response.body = json_text(body);
    return response;
}

Response Response::text(int status, std::string body, std::string content_type) {
    Response response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

Response Response::no_content() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

Response& Response::with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

}  // namespace bh::http

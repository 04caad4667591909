#pragma once
// Framework-free HTTP request and response: handlers and business code see these, never Beast.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bh::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

Method method_from_string(std::string_view name);
std::string_view to_string(Method method);

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names in lower case

// Header names are compared in lower case everywhere (HTTP names are case-insensitive).
std::string lower_case(std::string_view name);

struct Request {
    Method method = Method::Get;
    std::string target;  // path and query as received
    std::string path;    // decoded path, no query
    std::string query;   // raw query string, no '?'
    HeaderList headers;
    std::string body;
    std::string remote_address;

    // Filled in by the server and the router.
    std::string request_id;
    std::string traceparent;  // this hop's W3C traceparent
    std::string route;        // matched pattern, e.g. /api/v1/movement/{id}
    std::vector<std::pair<std::string, std::string>> path_params;

    std::string_view header(std::string_view lower_case_name) const;
    std::string_view path_param(std::string_view name) const;
    // Percent-decoded value of the first occurrence of a query parameter.
    std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    HeaderList headers;
    std::string body;

    static Response json(int status, const boost::json::value& body);
    static Response text(int status, std::string body,
                         std::string content_type = "text/plain; charset=utf-8");
    static Response no_content();
    Response& with_header(std::string name, std::string value);
};

}  // namespace bh::http

#pragma once
// CORS for the configured origins (portal.cors_origins). The portal answers preflights itself and
// adds the allow headers to actual answers; browsers enforce the rest. Plain logic, no I/O.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace bh::portal {

struct CorsOptions {
    std::vector<std::string> origins;  // exact origins ("http://localhost:4200"); "*" = any
    std::chrono::seconds max_age{600};
};

// "a, b,c" → {"a","b","c"}; trailing slashes dropped (an Origin never has one).
std::vector<std::string> parse_origin_list(std::string_view comma_separated);

struct Preflight {
    int status = 204;  // 403 when the origin or the method is not allowed
    http::HeaderList headers;
};

class CorsPolicy {
  public:
    explicit CorsPolicy(CorsOptions options);

    bool allows_origin(std::string_view origin) const;
    // Headers for an actual (non-preflight) answer to a request carrying `origin`; empty when the
    // request has no Origin or the origin is not allowed (the browser then hides the answer).
    http::HeaderList response_headers(std::string_view origin) const;
    // Answer to OPTIONS with Access-Control-Request-Method. `allowed_methods` are the route's
    // methods ("GET, POST"); `requested_headers` is Access-Control-Request-Headers.
    Preflight preflight(std::string_view origin, std::string_view requested_method,
                        std::string_view requested_headers, std::string_view allowed_methods) const;

  private:
    CorsOptions options_;
    bool any_origin_ = false;
};

}  // namespace bh::portal

#pragma once
// What crosses the portal in each direction. Requests: the caller's credentials and content headers,
// plus this hop's X-Request-Id, traceparent and X-Forwarded-*; never hop-by-hop headers or anything
// the portal does not know. Answers: status, body and the headers a client can use. Plain logic.
#include <string>
#include <string_view>

#include "http/client.h"
#include "http/message.h"

namespace bh::portal {

// Headers for the upstream request (names in lower case). Content-Type is not among them: it
// travels in ClientRequest::content_type.
http::HeaderList upstream_request_headers(const http::Request& request);

// The upstream URL: base (no trailing slash needed) + the target exactly as received, so the
// service sees the same path encoding and query the portal authorised.
std::string upstream_url(std::string_view base_url, const http::Request& request);

// The caller's answer: status, body, content type and the useful headers of the upstream answer.
http::Response client_response(http::ClientResponse&& upstream);
http::Response client_response(http::Response&& upstream);  // from a service in the same process

// The request a service in the same process receives: what it would read from the wire after
// upstream_request_headers, with the body moved out of `request`, and `peer` as its remote address.
http::Request in_process_request(http::Request& request, std::string peer);

// The address a service sees a colocated portal connect from when it calls base_url: the URL's
// host when it is an IP address (a local destination is also the source), else 127.0.0.1. Auth
// believes X-Forwarded-For only from the peers in auth.trusted_proxies, so this must match.
std::string colocated_peer_address(std::string_view base_url);

// False when the raw path hides structure from the router: an encoded '/' or '\', a NUL, or a "."
// or ".." segment (plain or percent-encoded). The portal refuses those (400) instead of guessing
// how the service will read them.
bool is_safe_api_path(std::string_view raw_target);

}  // namespace bh::portal

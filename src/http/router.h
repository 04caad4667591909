#pragma once
// Routes "/api/v1/movement/{id}" style patterns to handlers. Matching walks a segment trie: literal
// segments win over parameters, so "/type/all" and "/type/{id}" can live side by side.
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace bh::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

struct RouteMatch {
    enum class Outcome { Found, NotFound, MethodNotAllowed } outcome = Outcome::NotFound;
    const Handler* handler = nullptr;
    const std::string* pattern = nullptr;
    std::size_t route_index = 0;  // position in routes(); lets callers keep per-route state in a vector
    std::vector<std::pair<std::string, std::string>> params;
    std::string allowed;  // "GET, POST" when MethodNotAllowed
};

class Router {
  public:
    Router();
    ~Router();
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;

    // Throws std::logic_error on a duplicate route or a malformed pattern (a programming error).
    void add(Method method, std::string_view pattern, Handler handler);
    RouteMatch match(Method method, std::string_view path) const;
    // Every registered (method, pattern), in registration order.
    std::vector<std::pair<Method, std::string>> routes() const;

  private:
    struct Node;
    std::unique_ptr<Node> root_;
    std::vector<std::pair<Method, std::string>> routes_;
};

}  // namespace bh::http
